package dev.browseragent.model.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

/** Runs a {@link NamedStatement.Bound} over JDBC, as the worker does. */
public final class JdbcStatements {

    private JdbcStatements() {
    }

    /** The statement prepared on {@code connection} with its values bound; the caller closes it. */
    public static PreparedStatement prepare(Connection connection, NamedStatement.Bound bound) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(bound.statement().jdbcSql());
        try {
            List<Object> values = bound.jdbcValues();
            for (int i = 0; i < values.size(); i++) {
                bind(connection, statement, i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof String[] texts) {
            statement.setArray(index, connection.createArrayOf("text", texts));
        } else if (value instanceof UUID[] ids) {
            statement.setArray(index, connection.createArrayOf("uuid", ids));
        } else if (value instanceof Integer[] numbers) {
            statement.setArray(index, connection.createArrayOf("int4", numbers));
        } else {
            statement.setObject(index, value);
        }
    }
}
