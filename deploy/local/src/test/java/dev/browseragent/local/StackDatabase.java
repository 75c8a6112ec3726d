package dev.browseragent.local;

import dev.browseragent.embedded.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL on a stack's PostgreSQL, for what the API does not show (step actions, leases, the outbox, sealed columns).
 * Each call opens its own connection, so it works again once a restarted PostgreSQL is back on the same port.
 */
public final class StackDatabase {

    private final String jdbcUrl;
    private final String username;
    private final String password;

    public StackDatabase(PostgresServer postgres) {
        this.jdbcUrl = postgres.jdbcUrl();
        this.username = postgres.username();
        this.password = postgres.password();
    }

    /** A connection of the caller's own, e.g. for a sampler that runs one query many times. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** Every row, each column as text; {@code parameters} bind the {@code ?}s in order. */
    public List<List<String>> rows(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement query = prepare(connection, sql, parameters);
             ResultSet result = query.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row. */
    public List<String> column(String sql, Object... parameters) {
        return rows(sql, parameters).stream().map(row -> row.get(0)).toList();
    }

    /** The first column of the one row the query answers. */
    String value(String sql, Object... parameters) {
        List<List<String>> rows = rows(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException("one row expected, not " + rows.size() + ": " + sql);
        }
        return rows.get(0).get(0);
    }

    /** A {@code select count(*)} (or any one number). */
    public long count(String sql, Object... parameters) {
        return Long.parseLong(value(sql, parameters));
    }

    /** An insert, update or delete; the rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
