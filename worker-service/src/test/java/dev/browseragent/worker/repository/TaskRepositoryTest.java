package dev.browseragent.worker.repository;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.worker.agent.AgentStep;
import dev.browseragent.worker.llm.TokenUsage;
import dev.browseragent.worker.repository.ClaimedTask;
import dev.browseragent.worker.repository.ReapedTasks;
import dev.browseragent.worker.repository.TaskRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claim and every later write are conditional on the database state; these are the races that matter. */
@QuarkusTest
class TaskRepositoryTest {

    private static final AgentStep.Timings TIMINGS = new AgentStep.Timings(0, 0, 0);

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-00000000a001");

    @Inject
    TaskRepository tasks;

    @Test
    void concurrentClaimsOfOneTaskHaveExactlyOneWinner() throws Exception {
        UUID task = insertTask("created");
        int workers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Optional<ClaimedTask>>> claims = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                String workerId = "worker-" + i;
                Callable<Optional<ClaimedTask>> claim = () -> {
                    start.await();
                    return tasks.claim(task, workerId, null, LEASE);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            int winners = 0;
            for (Future<Optional<ClaimedTask>> claim : claims) {
                winners += claim.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        assertEquals("running", column(task, "status"));
        assertEquals("1", column(task, "attempt"));
    }

    @Test
    void claimReturnsWhatTheAgentNeeds() throws Exception {
        UUID task = insertTask("created");

        ClaimedTask claimed = tasks.claim(task, "worker-a", null, LEASE).orElseThrow();

        assertEquals("Open the page", claimed.task());
        assertEquals("gpt-4.1", claimed.llmModel());
        assertEquals(5, claimed.maxAgentSteps());
        assertEquals(800, claimed.options().browserViewportWidth());
        assertEquals("worker-a", column(task, "worker_id"));
    }

    @Test
    void tasksThatAreNotWaitingCannotBeClaimed() throws Exception {
        for (String status : List.of("running", "paused", "finished", "stopped", "failed")) {
            assertTrue(tasks.claim(insertTask(status), "worker-a", null, LEASE).isEmpty(), status);
        }
        assertTrue(tasks.claim(UUID.randomUUID(), "worker-a", null, LEASE).isEmpty(), "unknown task");
    }

    @Test
    void onlyTheHolderOfTheCurrentAttemptWritesStepsAndTheResult() throws Exception {
        UUID task = insertTask("created");
        RunClaim holder = tasks.claim(task, "holder", null, LEASE).orElseThrow().claim();
        AgentStep step = new AgentStep(1, "Start", "Nothing yet", "Open the page", "about:blank", "[]", null, TIMINGS, TokenUsage.NONE);
        RunClaim intruder = new RunClaim(task, "intruder", holder.attempt());
        RunClaim earlierAttempt = new RunClaim(task, "holder", holder.attempt() - 1);

        assertFalse(tasks.recordStep(intruder, step, null));
        assertFalse(tasks.recordStep(earlierAttempt, step, null));
        assertFalse(tasks.finish(intruder, TaskStatus.FINISHED, "stolen", null));
        assertFalse(tasks.finish(earlierAttempt, TaskStatus.FINISHED, "stale", null));
        assertTrue(tasks.recordStep(holder, step, null));
        assertTrue(tasks.finish(holder, TaskStatus.FINISHED, "done", null));

        assertEquals("finished", column(task, "status"));
        assertEquals("done", column(task, "output"));
        assertEquals("1", queryOne("select count(*) from task_steps where task_id = ? and attempt = 1", task));
        assertEquals("3", queryOne("select count(*) from outbox where message_key = ?", task.toString()));
    }

    @Test
    void aStoppedTaskIsGivenUpAtTheNextHeartbeatOrStep() throws Exception {
        UUID task = insertTask("created");
        RunClaim holder = tasks.claim(task, "holder", null, LEASE).orElseThrow().claim();
        assertEquals(Map.of(task, TaskStatus.RUNNING), heartbeat(holder));

        execute("update tasks set status = 'paused' where id = ?", task);
        assertEquals(Map.of(task, TaskStatus.PAUSED), heartbeat(holder), "a paused task stays held");

        execute("update tasks set status = 'stopped' where id = ?", task);

        assertEquals(Map.of(), heartbeat(holder));
        assertFalse(tasks.recordStep(holder, new AgentStep(1, "", "", "", "", "[]", null, TIMINGS, TokenUsage.NONE), null));
        assertFalse(tasks.finish(holder, TaskStatus.FINISHED, "late", null));
        assertEquals("stopped", column(task, "status"));
    }

    @Test
    void noWriteIsAcceptedOnceTheLeaseExpired() throws Exception {
        UUID task = insertTask("created");
        RunClaim holder = tasks.claim(task, "holder", null, LEASE).orElseThrow().claim();

        execute("update tasks set lease_expires_at = now() - interval '1 second' where id = ?", task);

        assertEquals(Map.of(), heartbeat(holder));
        assertFalse(tasks.recordStep(holder, new AgentStep(1, "", "", "", "", "[]", null, TIMINGS, TokenUsage.NONE), null));
        assertFalse(tasks.finish(holder, TaskStatus.FINISHED, "too late", null));
        assertFalse(tasks.release(holder));
        assertEquals("running", column(task, "status"));
    }

    @Test
    void aReleasedTaskWaitsForAdmissionAgainAndKeepsTheStepsOfItsAttempt() throws Exception {
        UUID task = insertTask("created");
        RunClaim holder = tasks.claim(task, "holder", null, LEASE).orElseThrow().claim();
        tasks.recordStep(holder, new AgentStep(1, "Start", "", "Open the page", "about:blank", "[]", null, TIMINGS, TokenUsage.NONE), null);

        assertFalse(tasks.release(new RunClaim(task, "intruder", holder.attempt())));
        assertTrue(tasks.release(holder));

        assertEquals("created", column(task, "status"));
        assertNull(column(task, "worker_id"));
        assertNull(column(task, "dispatched_at"), "admission dispatches it again when the account has a slot");
        assertEquals("1", queryOne("select count(*) from task_steps where task_id = ? and attempt = 1", task));
        RunClaim next = tasks.claim(task, "next-worker", null, LEASE).orElseThrow().claim();
        assertEquals(2, next.attempt());
        assertTrue(tasks.recordStep(next, new AgentStep(1, "Again", "", "Open the page", "about:blank", "[]", null, TIMINGS, TokenUsage.NONE), null));
        assertEquals("2", queryOne("select count(*) from task_steps where task_id = ?", task));
    }

    @Test
    void theReaperRequeuesExpiredLeasesAndFailsTasksAtTheAttemptLimit() throws Exception {
        UUID again = insertTask("created");
        UUID givenUp = insertTask("created");
        UUID alive = insertTask("created");
        tasks.claim(again, "dead-worker", null, LEASE).orElseThrow();
        tasks.claim(givenUp, "dead-worker", null, LEASE).orElseThrow();
        tasks.claim(alive, "live-worker", null, LEASE).orElseThrow();
        execute("update tasks set lease_expires_at = now() - interval '1 second' where id = ?", again);
        execute("update tasks set lease_expires_at = now() - interval '1 second', attempt = 3 where id = ?", givenUp);

        ReapedTasks reaped = tasks.reapExpiredLeases(3, 1000);

        assertTrue(reaped.requeued().contains(again));
        assertTrue(reaped.failed().contains(givenUp));
        assertFalse(reaped.requeued().contains(alive) || reaped.failed().contains(alive));
        assertEquals("created", column(again, "status"));
        assertNull(column(again, "worker_id"));
        assertNull(column(again, "dispatched_at"), "admission dispatches it again when the account has a slot");
        assertEquals("failed", column(givenUp, "status"));
        assertEquals("The task was interrupted 3 times (its worker stopped responding); giving up",
                column(givenUp, "failure_reason"));
        assertEquals("running", column(alive, "status"));
        assertEquals(2, tasks.claim(again, "live-worker", null, LEASE).orElseThrow().attempt());
    }

    @Test
    void aDispatchNobodyClaimedIsDispatchedAgain() throws Exception {
        UUID stale = insertTask("created");
        UUID fresh = insertTask("created");
        execute("update tasks set dispatched_at = now() - interval '10 minutes' where id = ?", stale);
        execute("update tasks set dispatched_at = now() where id = ?", fresh);

        List<UUID> redispatched = tasks.redispatchUnclaimed(Duration.ofMinutes(2), 1000);

        assertTrue(redispatched.contains(stale));
        assertFalse(redispatched.contains(fresh));
        assertNull(column(stale, "dispatched_at"), "admission dispatches it again");
        assertNotNull(column(fresh, "dispatched_at"));
    }

    private static UUID insertTask(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = PostgresTestResource.connect()) {
            try (PreparedStatement account = connection.prepareStatement(
                    "insert into accounts (id, name) values (?, 'repository-test') on conflict do nothing")) {
                account.setObject(1, ACCOUNT);
                account.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, options)
                    values (?, ?, 'Open the page', ?, 'gpt-4.1', 5,
                            '{"browser_viewport_width": 800, "browser_viewport_height": 600}'::jsonb)""")) {
                insert.setObject(1, id);
                insert.setObject(2, ACCOUNT);
                insert.setString(3, status);
                insert.executeUpdate();
            }
        }
        return id;
    }

    private static String column(UUID task, String column) throws SQLException {
        return queryOne("select " + column + "::text from tasks where id = ?", task);
    }

    private static String queryOne(String sql, Object parameter) throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    private static void execute(String sql, UUID task) throws SQLException {
        try (Connection connection = PostgresTestResource.connect(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, task);
            update.executeUpdate();
        }
    }

    /** The status the heartbeat reads of each task still held. */
    private Map<UUID, TaskStatus> heartbeat(RunClaim holder) throws SQLException {
        Map<UUID, TaskStatus> statuses = new HashMap<>();
        tasks.heartbeat(List.of(holder), LEASE, Duration.ofSeconds(5)).forEach((id, held) -> statuses.put(id, held.status()));
        return statuses;
    }
}
