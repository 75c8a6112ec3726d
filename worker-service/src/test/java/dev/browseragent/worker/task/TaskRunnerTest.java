package dev.browseragent.worker.task;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.worker.repository.ClaimedTask;
import dev.browseragent.worker.repository.TaskRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A run that cannot start ends its task with a reason at once, rather than leaving it to the reaper. */
@QuarkusTest
class TaskRunnerTest {

    @Inject
    TaskRunner runner;

    @Inject
    TaskRepository tasks;

    @Test
    void aTaskWhoseSecretsCannotBeOpenedFailsAtOnceWithAReasonAndLeavesTheThreadUninterrupted() throws Exception {
        UUID account = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        update("insert into accounts (id, name) values (?, 'runner-test')", account);
        // Bytes no key of the ring sealed: opening them fails.
        update("""
                insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, options, secrets)
                values (?, ?, 'Sign in', 'created', 'gpt-4.1', 5, '{}'::jsonb, ?)""", task, account,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        ClaimedTask claimed = tasks.claim(task, "runner-test-worker", null, Duration.ofMinutes(1)).orElseThrow();

        runner.run(claimed);

        assertEquals("failed", column(task, "status"));
        assertEquals("The task could not be started: its secrets or settings could not be read",
                column(task, "failure_reason"));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private static String column(UUID task, String column) throws SQLException {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("select " + column + " from tasks where id = ?")) {
            select.setObject(1, task);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
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
