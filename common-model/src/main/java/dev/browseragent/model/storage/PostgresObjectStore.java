package dev.browseragent.model.storage;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The default {@link ObjectStore}: the bytes in the {@code stored_objects} table of the service's own database. */
public final class PostgresObjectStore implements ObjectStore {

    private final DataSource dataSource;

    public PostgresObjectStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String location() {
        return "PostgreSQL (stored_objects)";
    }

    @Override
    public void put(String storageKey, byte[] content) throws IOException {
        update("""
                insert into stored_objects (storage_key, content) values (?, ?)
                on conflict (storage_key) do update set content = excluded.content""", storageKey, content);
    }

    @Override
    public Optional<byte[]> get(String storageKey) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select content from stored_objects where storage_key = ?")) {
            select.setString(1, storageKey);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("Could not read stored object " + storageKey, e);
        }
    }

    @Override
    public void delete(String storageKey) throws IOException {
        update("delete from stored_objects where storage_key = ?", storageKey);
    }

    private void update(String sql, Object... parameters) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Could not write stored object " + parameters[0], e);
        }
    }
}
