package dev.browseragent.worker.agent;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.worker.lease.Lease;
import dev.browseragent.worker.lease.LeaseKeeper;
import dev.browseragent.worker.repository.TaskRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task's files in the {@code files} table and the PostgreSQL object store, as the API keeps them. */
@QuarkusTest
class StoredTaskFilesTest {

    @Inject
    StoredTaskFiles files;

    @Inject
    TaskRepository tasks;

    @Inject
    LeaseKeeper leases;

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
    void storesADownloadAsAnOutputFileOfTheTaskWhileItsRunHoldsIt() throws Exception {
        UUID account = insertAccount();
        UUID task = insertTask(account, "created");
        byte[] report = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        try (Lease ignored = leases.hold(tasks.claim(task, "files-worker", null, Duration.ofMinutes(1)).orElseThrow().claim())) {
            files.saveOutput(task, "report.csv", report);
        }

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

    @ParameterizedTest
    @ValueSource(strings = {
            "update tasks set lease_expires_at = now() - interval '1 second' where id = ?",
            "update tasks set attempt = attempt + 1 where id = ?",
            "update tasks set status = 'stopped' where id = ?"})
    void aDownloadIsNeitherRecordedNorKeptOnceTheRunNoLongerHoldsTheTask(String lostClaim) throws Exception {
        UUID task = insertTask(insertAccount(), "created");
        try (Lease ignored = leases.hold(tasks.claim(task, "files-worker", null, Duration.ofMinutes(1)).orElseThrow().claim())) {
            update(lostClaim, task);

            assertThrows(IOException.class, () -> files.saveOutput(task, "late.csv", new byte[] {1, 2, 3}));
        }
        assertThrows(IOException.class, () -> files.saveOutput(task, "later.csv", new byte[] {1}),
                "a task that does not run here gets no file");
        assertEquals(0, count("select count(*) from files where task_id = ?", task));
        assertEquals(0, count("select count(*) from stored_objects where storage_key like 'tasks/' || ? || '/%'",
                task.toString()));
    }

    private static long count(String sql, Object parameter) throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static UUID insertAccount() throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into accounts (id, name) values (?, 'files-test')", id);
        return id;
    }

    private static UUID insertTask(UUID account) throws SQLException {
        return insertTask(account, "running");
    }

    private static UUID insertTask(UUID account, String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, options)
                values (?, ?, 'Use files', ?, 'gpt-4.1', 5, '{}'::jsonb)""", id, account, status);
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
