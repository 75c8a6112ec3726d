package dev.browseragent.api.media;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration 10 on a database that has screenshots in {@code task_steps}: each moves into {@code stored_objects} under
 * the key its step row then keeps, and a step without one keeps no key. Its own database on the test server, migrated
 * to 9 first.
 */
class ScreenshotMigrationTest {

    private static final String DATABASE = "screenshot_migration";

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + DATABASE);
            statement.execute("create database " + DATABASE);
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop database " + DATABASE + " with (force)");
        }
    }

    @Test
    void screenshotsInStepRowsMoveToTheObjectStoreUnderTheKeyTheRowKeeps() throws Exception {
        migrate("9");
        UUID task = UUID.randomUUID();
        byte[] first = {(byte) 0x89, 'P', 'N', 'G', 1};
        byte[] secondAttempt = {(byte) 0x89, 'P', 'N', 'G', 2};
        try (Connection connection = connect()) {
            UUID account = UUID.randomUUID();
            update(connection, "insert into accounts (id, name) values (?, 'old data')", account);
            update(connection, """
                    insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, attempt)
                    values (?, ?, 'look around', 'finished', 'gpt-4.1', 10, 2)""", task, account);
            update(connection, "insert into task_steps (task_id, attempt, step, id, screenshot) values (?, 1, 1, ?, ?)",
                    task, UUID.randomUUID(), first);
            update(connection, "insert into task_steps (task_id, attempt, step, id, screenshot) values (?, 2, 1, ?, ?)",
                    task, UUID.randomUUID(), secondAttempt);
            update(connection, "insert into task_steps (task_id, attempt, step, id) values (?, 2, 2, ?)",
                    task, UUID.randomUUID());
        }

        migrate("latest");

        try (Connection connection = connect()) {
            String firstKey = "tasks/" + task + "/attempts/1/screenshots/1";
            String secondKey = "tasks/" + task + "/attempts/2/screenshots/1";
            assertEquals(firstKey, screenshotKey(connection, task, 1, 1));
            assertEquals(secondKey, screenshotKey(connection, task, 2, 1));
            assertNull(screenshotKey(connection, task, 2, 2), "a step without a screenshot has no key");
            assertArrayEquals(first, storedObject(connection, firstKey));
            assertArrayEquals(secondAttempt, storedObject(connection, secondKey));
            try (ResultSet column = connection.getMetaData().getColumns(null, null, "task_steps", "screenshot")) {
                assertFalse(column.next(), "the images no longer live in task_steps");
            }
        }
    }

    private static void migrate(String target) {
        Flyway.configure().dataSource(jdbcUrl(), PostgresTestResource.username(), PostgresTestResource.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private static String jdbcUrl() {
        String url = PostgresTestResource.jdbcUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + DATABASE;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), PostgresTestResource.username(), PostgresTestResource.password());
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String screenshotKey(Connection connection, UUID task, int attempt, int step) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select screenshot_key from task_steps where task_id = ? and attempt = ? and step = ?")) {
            select.setObject(1, task);
            select.setInt(2, attempt);
            select.setInt(3, step);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    private static byte[] storedObject(Connection connection, String storageKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select content from stored_objects where storage_key = ?")) {
            select.setString(1, storageKey);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), storageKey + " is stored");
                return row.getBytes(1);
            }
        }
    }
}
