package dev.browseragent.worker.agent;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task's files in the {@code files} table and the PostgreSQL object store, as the API keeps them. */
@QuarkusTest
class StoredTaskFilesTest {

    @Inject
    StoredTaskFiles files;

    @TempDir
    Path directory;

    @Test
    void fetchesOnlyTheNamedUploadsOfTheTasksOwnAccount() throws Exception {
        UUID account = insertAccount();
        UUID task = insertTask(account);
        insertUpload(account, "notes.txt", "Meet at noon");
        insertUpload(insertAccount(), "other.txt", "Not yours");

        Map<String, Path> fetched = files.fetchUploads(task, List.of("notes.txt", "other.txt", "missing.txt"),
                directory);

        assertEquals(List.of("notes.txt"), List.copyOf(fetched.keySet()));
        assertEquals("Meet at noon", Files.readString(fetched.get("notes.txt")));
    }

    @Test
    void storesADownloadAsAnOutputFileOfTheTask() throws Exception {
        UUID account = insertAccount();
        UUID task = insertTask(account);
        byte[] report = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        files.saveOutput(task, "report.csv", report);

        try (Connection connection = PostgresTestResource.connect(); PreparedStatement select = connection.prepareStatement("""
                select f.account_id, f.size_bytes, o.content from files f
                join stored_objects o on o.storage_key = f.storage_key
                where f.task_id = ? and f.file_name = 'report.csv'""")) {
            select.setObject(1, task);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals(account, row.getObject(1));
                assertEquals(report.length, row.getLong(2));
                assertArrayEquals(report, row.getBytes(3));
            }
        }
    }

    private static UUID insertAccount() throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into accounts (id, name) values (?, 'files-test')", id);
        return id;
    }

    private static UUID insertTask(UUID account) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, options)
                values (?, ?, 'Use files', 'running', 'gpt-4.1', 5, '{}'::jsonb)""", id, account);
        return id;
    }

    private static void insertUpload(UUID account, String name, String content) throws SQLException {
        String key = "uploads/" + UUID.randomUUID();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        update("insert into stored_objects (storage_key, content) values (?, ?)", key, bytes);
        update("""
                insert into files (id, account_id, file_name, content_type, size_bytes, storage_key)
                values (?, ?, ?, 'text/plain', ?, ?)""", UUID.randomUUID(), account, name, bytes.length, key);
    }

    private static void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }
}
