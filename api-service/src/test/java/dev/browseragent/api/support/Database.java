package dev.browseragent.api.support;

import dev.browseragent.embedded.quarkus.PostgresTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL against the test database: what a worker would write, and what the API should have written. */
public final class Database {

    private Database() {
    }

    public static int update(String sql, Object... params) {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> column(String sql, Object... params) {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static String single(String sql, Object... params) {
        List<String> values = column(sql, params);
        if (values.size() != 1) {
            throw new IllegalStateException("Expected one row, got " + values.size() + ": " + sql);
        }
        return values.get(0);
    }

    private static void bind(PreparedStatement statement, Object... params) throws Exception {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
