package dev.browseragent.model.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.Topics;
import dev.browseragent.model.lifecycle.NamedStatement.Bound;
import dev.browseragent.model.lifecycle.TaskLifecycle.NewTask;
import dev.browseragent.model.lifecycle.TaskLifecycle.StepRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.math.BigDecimal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.browseragent.model.TaskStatus.CREATED;
import static dev.browseragent.model.TaskStatus.FAILED;
import static dev.browseragent.model.TaskStatus.FINISHED;
import static dev.browseragent.model.TaskStatus.PAUSED;
import static dev.browseragent.model.TaskStatus.RUNNING;
import static dev.browseragent.model.TaskStatus.STOPPED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every statement of {@link TaskLifecycle} on a real PostgreSQL migrated by this module's Flyway migrations, run over
 * JDBC ({@link JdbcStatements}) as the worker runs them: each transition changes the row and writes exactly one
 * {@code task-events} record; each refused one changes nothing and writes nothing.
 * <p>
 * JDBC is used directly only to arrange what no statement does (time passing: an expired lease, an old dispatch or
 * request key) and to read rows back.
 */
class TaskLifecycleTest {

    /** Every test task has sealed secrets, so each transition shows whether it keeps or erases them. */
    private static final byte[] SEALED_SECRETS = {9, 9, 9};
    private static final String WORKER = "worker-1";
    private static final String LIVE_ADDRESS = "http://10.0.0.7:9002";
    private static final String OTHER_WORKER = "worker-2";
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** As the services' Quarkus mapper writes events: java.time as ISO-8601 text. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TaskLifecycle LIFECYCLE = new TaskLifecycle(JSON);

    /** Each new task is created one second after the one before, so creation order is call order. */
    private static final AtomicInteger CREATED_SECONDS = new AtomicInteger();

    private static EmbeddedPostgres postgres;
    private static Connection connection;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
        connection = postgres.getPostgresDatabase().getConnection();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("truncate accounts, outbox, prices restart identity cascade");
        }
    }

    // ---------------------------------------------------------------------------------------------------- create

    @Test
    void createWritesACreatedTaskAndItsEvent() throws Exception {
        UUID account = account();
        byte[] sealed = {1, 2, 3};
        NewTask task = new NewTask(UUID.randomUUID(), account, "find the price", "gpt-4.1", 25,
                "{\"flash_mode\": true}", "{\"ref\": \"r-1\"}", EPOCH, "share-token", "live-token", sealed, null);

        Outcome outcome = run(LIFECYCLE.create(task));

        assertEquals(List.of(task.id()), ids(outcome));
        TaskRow row = row(task.id());
        assertEquals(CREATED, row.status());
        assertEquals(0, row.attempt());
        assertNull(row.workerId());
        assertNull(row.leaseExpiresAt());
        assertNull(row.dispatchedAt());
        assertNull(row.startedAt());
        assertNull(row.finishedAt());
        List<Object> stored = query("""
                select account_id, task, llm_model, max_agent_steps, options::text, metadata::text, created_at,
                       public_share_token, secrets, live_token from tasks where id = ?""", task.id()).get(0);
        assertEquals(List.of(account, "find the price", "gpt-4.1", 25),
                stored.subList(0, 4));
        assertEquals(JSON.readTree("{\"flash_mode\": true}"), JSON.readTree((String) stored.get(4)));
        assertEquals(JSON.readTree("{\"ref\": \"r-1\"}"), JSON.readTree((String) stored.get(5)));
        assertEquals(EPOCH.toInstant(), ((Timestamp) stored.get(6)).toInstant());
        assertEquals("share-token", stored.get(7));
        assertArrayEquals(sealed, (byte[]) stored.get(8));
        assertEquals("live-token", stored.get(9));
        assertEquals(0L, count("select count(*) from task_request_keys"), "no key, no key row");
        assertStatusEvent(outcome, task.id(), CREATED, null);
    }

    @Test
    void createIsRefusedForAnInactiveAccount() throws Exception {
        assertCreateRefused(account(5, null, false));
    }

    @Test
    void createIsRefusedForAnAccountWithoutCredits() throws Exception {
        assertCreateRefused(account(5, BigDecimal.ZERO, true));
    }

    @Test
    void createChargesTheTaskPriceToAnAccountWithABalance() throws Exception {
        update("insert into prices (item, cents) values ('task', 2.5)");
        UUID account = account(5, new BigDecimal("10.00"), true);

        UUID task = create(account);

        assertEquals(0, new BigDecimal("7.50").compareTo((BigDecimal) query(
                "select credit_balance_cents from accounts where id = ?", account).get(0).get(0)));
        assertEquals(0, new BigDecimal("2.50").compareTo((BigDecimal) query(
                "select cost_cents from tasks where id = ?", task).get(0).get(0)));
    }

    @Test
    void aLiveRequestKeyRefusesASecondCreateUntilItsRetentionExpires() throws Exception {
        UUID account = account();
        NewTask first = newTask(account, requestKey("http", "key-1", "hash-1"));
        assertEquals(List.of(first.id()), ids(run(LIFECYCLE.create(first))));
        assertEquals(List.of(first.id(), "hash-1"), requestKeyRow(account, "http", "key-1"));

        NewTask second = newTask(account, requestKey("http", "key-1", "hash-2"));
        assertNothingWritten(run(LIFECYCLE.create(second)));
        assertFalse(exists(second.id()));
        assertEquals(List.of(first.id(), "hash-1"), requestKeyRow(account, "http", "key-1"));

        // The retention is an hour: the key was stored two hours ago.
        update("update task_request_keys set created_at = now() - interval '2 hours' where account_id = ?", account);
        NewTask third = newTask(account, requestKey("http", "key-1", "hash-3"));
        Outcome accepted = run(LIFECYCLE.create(third));

        assertEquals(List.of(third.id()), ids(accepted));
        assertEquals(CREATED, row(third.id()).status());
        assertStatusEvent(accepted, third.id(), CREATED, null);
        assertEquals(List.of(third.id(), "hash-3"), requestKeyRow(account, "http", "key-1"));
    }

    @Test
    void aRequestKeyIsTheAccountsAndTheSources() throws Exception {
        UUID account = account();
        UUID otherAccount = account();
        create(newTask(account, requestKey("http", "key-1", "hash")));

        create(newTask(account, requestKey("kafka", "key-1", "hash")));
        create(newTask(otherAccount, requestKey("http", "key-1", "hash")));

        assertEquals(3L, count("select count(*) from task_request_keys"));
    }

    // --------------------------------------------------------------------------------------- pause, resume, stop

    @Test
    void pauseTakesARunningTaskToPaused() throws Exception {
        UUID account = account();
        RunClaim claim = running(account);

        Outcome outcome = run(LIFECYCLE.request(TaskTransition.PAUSE, account, claim.taskId()));

        assertEquals(List.of(claim.taskId()), ids(outcome));
        TaskRow row = row(claim.taskId());
        assertEquals(PAUSED, row.status());
        assertEquals(WORKER, row.workerId(), "the run keeps its claim while paused");
        assertEquals(1, row.attempt());
        assertNotNull(row.leaseExpiresAt());
        assertNull(row.finishedAt());
        assertStatusEvent(outcome, claim.taskId(), PAUSED, null);
        assertTrue(row(claim.taskId()).hasSecrets(), "a paused task keeps its secrets");
    }

    @Test
    void resumeTakesAPausedTaskBackToRunning() throws Exception {
        UUID account = account();
        UUID task = taskIn(account, PAUSED).taskId();

        Outcome outcome = run(LIFECYCLE.request(TaskTransition.RESUME, account, task));

        assertEquals(List.of(task), ids(outcome));
        TaskRow row = row(task);
        assertEquals(RUNNING, row.status());
        assertEquals(WORKER, row.workerId());
        assertNull(row.finishedAt());
        assertStatusEvent(outcome, task, RUNNING, null);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"CREATED", "RUNNING", "PAUSED"})
    void stopEndsAWaitingOrHeldTaskForGood(TaskStatus from) throws Exception {
        UUID account = account();
        UUID task = taskIn(account, from).taskId();

        Outcome outcome = run(LIFECYCLE.request(TaskTransition.STOP, account, task));

        assertEquals(List.of(task), ids(outcome));
        TaskRow row = row(task);
        assertEquals(STOPPED, row.status());
        assertNotNull(row.finishedAt());
        assertStatusEvent(outcome, task, STOPPED, null);
        assertFalse(row.hasSecrets(), "a stopped task's secrets are erased");
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"CREATED", "PAUSED", "FINISHED", "STOPPED", "FAILED"})
    void pauseIsRefusedUnlessRunning(TaskStatus status) throws Exception {
        assertRequestRefused(TaskTransition.PAUSE, status);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"CREATED", "RUNNING", "FINISHED", "STOPPED", "FAILED"})
    void resumeIsRefusedUnlessPaused(TaskStatus status) throws Exception {
        assertRequestRefused(TaskTransition.RESUME, status);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"FINISHED", "STOPPED", "FAILED"})
    void stopIsRefusedForAnEndedTask(TaskStatus status) throws Exception {
        assertRequestRefused(TaskTransition.STOP, status);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"RUNNING", "PAUSED"})
    void takeControlPausesAHeldTaskForAPersonAndTellsItsWorker(TaskStatus from) throws Exception {
        UUID account = account();
        Arranged task = taskIn(account, from);

        List<String> notified;
        Outcome outcome;
        try (ControlListener listener = new ControlListener()) {
            outcome = run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task.taskId()));
            notified = listener.next();
        }

        assertEquals(List.of(task.taskId()), ids(outcome));
        assertEquals(List.of(task.taskId().toString()), notified, "the worker is told at once");
        assertEquals(PAUSED, row(task.taskId()).status());
        assertEquals(WORKER, row(task.taskId()).workerId(), "the run keeps its claim and its browser");
        assertControlEvent(outcome, task.taskId(), PAUSED, "taken");
        assertEquals(List.of(Map.of("id", task.taskId(), "status", "paused", "controlled", true)),
                run(LIFECYCLE.heartbeat(List.of(task.claim()), LEASE)).rows(), "the heartbeat tells the run");
    }

    @Test
    void releaseControlLetsTheAgentGoOnAndEndsTheControl() throws Exception {
        UUID account = account();
        Arranged task = taskIn(account, RUNNING);
        assertChanged(run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task.taskId())));

        Outcome outcome = run(LIFECYCLE.request(TaskTransition.RELEASE_CONTROL, account, task.taskId()));

        assertEquals(List.of(task.taskId()), ids(outcome));
        assertEquals(RUNNING, row(task.taskId()).status());
        assertControlEvent(outcome, task.taskId(), RUNNING, "released");
        assertEquals(List.of(Map.of("id", task.taskId(), "status", "running", "controlled", false)),
                run(LIFECYCLE.heartbeat(List.of(task.claim()), LEASE)).rows());
    }

    @Test
    void resumeAndStopAlsoEndAPersonsControl() throws Exception {
        UUID account = account();
        UUID resumed = taskIn(account, RUNNING).taskId();
        UUID stopped = taskIn(account, RUNNING).taskId();
        for (UUID task : List.of(resumed, stopped)) {
            assertChanged(run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task)));
        }

        assertChanged(run(LIFECYCLE.request(TaskTransition.RESUME, account, resumed)));
        assertChanged(run(LIFECYCLE.request(TaskTransition.STOP, account, stopped)));

        assertEquals(0L, count("select count(*) from tasks where control_taken_at is not null"));
    }

    @Test
    void releaseControlIsRefusedForAPausedTaskNoPersonControls() throws Exception {
        assertRequestRefused(TaskTransition.RELEASE_CONTROL, PAUSED);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"CREATED", "FINISHED", "STOPPED", "FAILED"})
    void takeControlIsRefusedUnlessAWorkerHoldsTheTask(TaskStatus status) throws Exception {
        assertRequestRefused(TaskTransition.TAKE_CONTROL, status);
    }

    @Test
    void aParkedTaskHasNoBrowserToControlAndParkingEndsAControl() throws Exception {
        UUID account = account();
        Arranged task = taskIn(account, RUNNING);
        assertChanged(run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task.taskId())));
        assertChanged(run(LIFECYCLE.handBack(task.claim())));
        TaskRow parked = row(task.taskId());

        assertRefused(run(LIFECYCLE.request(TaskTransition.RELEASE_CONTROL, account, task.taskId())), task.taskId(),
                parked);
        assertRefused(run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task.taskId())), task.taskId(),
                parked);
        assertEquals(0L, count("select count(*) from tasks where control_taken_at is not null"));
    }

    @Test
    void aTasksEventLogKeepsEveryRecordInOrderAfterTheOutboxIsEmptied() throws Exception {
        UUID account = account();
        Arranged task = taskIn(account, RUNNING);
        assertChanged(run(LIFECYCLE.recordStep(task.claim(), step(1))));
        assertChanged(run(LIFECYCLE.request(TaskTransition.TAKE_CONTROL, account, task.taskId())));
        assertChanged(run(LIFECYCLE.request(TaskTransition.RELEASE_CONTROL, account, task.taskId())));
        assertChanged(run(LIFECYCLE.end(task.claim(), FINISHED, "done", null)));
        update("delete from outbox");

        List<String> log = query("select payload->>'type', payload->>'status', coalesce(payload->>'control', '')"
                + " from task_event_log where task_id = ? order by id", task.taskId()).stream()
                .map(row -> row.get(0) + " " + row.get(1) + " " + row.get(2)).map(String::strip).toList();

        assertEquals(List.of("status created", "status running", "step running", "status paused taken",
                "status running released", "status finished"), log);
    }

    @ParameterizedTest
    @EnumSource(value = TaskTransition.class, names = {"PAUSE", "RESUME", "STOP", "TAKE_CONTROL", "RELEASE_CONTROL"})
    void aRequestIsRefusedForAnotherAccountsTask(TaskTransition transition) throws Exception {
        UUID owner = account();
        UUID task = taskIn(owner, transition == TaskTransition.RESUME ? PAUSED : RUNNING).taskId();
        TaskRow before = row(task);

        Outcome outcome = run(LIFECYCLE.request(transition, account(), task));

        assertRefused(outcome, task, before);
    }

    @ParameterizedTest
    @EnumSource(value = TaskTransition.class, names = {"PAUSE", "RESUME", "STOP", "TAKE_CONTROL", "RELEASE_CONTROL"},
            mode = EnumSource.Mode.EXCLUDE)
    void aClientCannotAskForAnyOtherTransition(TaskTransition transition) {
        assertThrows(IllegalArgumentException.class,
                () -> LIFECYCLE.request(transition, UUID.randomUUID(), UUID.randomUUID()));
    }

    // ------------------------------------------------------------------------------------------------- dispatch

    @Test
    void dispatchSendsCreatedTasksUpToTheFreeSlotsInCreationOrder() throws Exception {
        UUID account = account(2, null, true);
        UUID first = create(account);
        UUID second = create(account);
        UUID third = create(account);

        Outcome outcome = run(LIFECYCLE.dispatch(null, 100));

        assertEquals(List.of(first, second), ids(outcome));
        assertDispatches(outcome, first, second);
        assertEquals(CREATED, row(first).status());
        assertNull(row(third).dispatchedAt(), "no slot left for the third");

        assertNothingWritten(run(LIFECYCLE.dispatch(null, 100)));
        assertNull(row(third).dispatchedAt(), "a dispatched task holds its slot");
    }

    @Test
    void dispatchFollowsCreationTimeNotInsertionOrder() throws Exception {
        UUID account = account(1, null, true);
        create(newTask(account, EPOCH.minusDays(1).plusSeconds(2), null));
        UUID older = create(newTask(account, EPOCH.minusDays(1).plusSeconds(1), null));

        assertDispatches(run(LIFECYCLE.dispatch(null, 100)), older);
    }

    @Test
    void dispatchIsLimitedToTheGivenAccounts() throws Exception {
        UUID account = account();
        UUID otherAccount = account();
        UUID task = create(account);
        UUID otherTask = create(otherAccount);

        assertDispatches(run(LIFECYCLE.dispatch(new UUID[] {account}, 100)), task);
        assertNull(row(otherTask).dispatchedAt());

        assertDispatches(run(LIFECYCLE.dispatch(null, 100)), otherTask);
    }

    @Test
    void dispatchStopsAtTheBatchSize() throws Exception {
        UUID account = account();
        UUID first = create(account);
        UUID second = create(account);
        create(account);

        assertDispatches(run(LIFECYCLE.dispatch(null, 2)), first, second);
    }

    /** Running and paused tasks use a slot; ended ones free theirs. */
    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = "CREATED", mode = EnumSource.Mode.EXCLUDE)
    void aHeldTaskUsesASlot(TaskStatus status) throws Exception {
        UUID account = account(2, null, true);
        taskIn(account, status);
        UUID first = create(account);
        UUID second = create(account);

        Outcome outcome = run(LIFECYCLE.dispatch(null, 100));

        if (status == RUNNING || status == PAUSED) {
            assertDispatches(outcome, first);
        } else {
            assertDispatches(outcome, first, second);
        }
    }

    // ---------------------------------------------------------------------------------------------------- claim

    @Test
    void claimTakesACreatedTaskAsTheWorkersFirstAttempt() throws Exception {
        UUID account = account();
        UUID task = create(account);

        Outcome outcome = run(LIFECYCLE.claim(task, WORKER, LIVE_ADDRESS, LEASE));

        assertEquals(1, outcome.rows().size());
        Map<String, Object> claimed = outcome.rows().get(0);
        assertEquals("find the price", claimed.get("task"));
        assertEquals("gpt-4.1", claimed.get("llm_model"));
        assertEquals(25, claimed.get("max_agent_steps"));
        assertEquals(JSON.readTree("{\"flash_mode\": true}"), JSON.readTree((String) claimed.get("options")));
        assertEquals(1, claimed.get("attempt"));
        TaskRow row = row(task);
        assertEquals(RUNNING, row.status());
        assertEquals(1, row.attempt());
        assertEquals(WORKER, row.workerId());
        assertEquals(LIVE_ADDRESS, query("select worker_live_address from tasks where id = ?", task).get(0).get(0));
        assertNotNull(row.startedAt());
        assertNull(row.finishedAt());
        double leaseLeft = leaseSecondsLeft(task);
        assertTrue(leaseLeft > 50 && leaseLeft <= 60, "a minute's lease by the database clock: " + leaseLeft);
        assertStatusEvent(outcome, task, RUNNING, null);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = "CREATED", mode = EnumSource.Mode.EXCLUDE)
    void claimIsRefusedUnlessCreated(TaskStatus status) throws Exception {
        UUID task = taskIn(account(), status).taskId();
        TaskRow before = row(task);

        assertRefused(run(LIFECYCLE.claim(task, OTHER_WORKER, LIVE_ADDRESS, LEASE)), task, before);
    }

    @Test
    void claimOfAnUnknownTaskIsRefused() throws Exception {
        assertNothingWritten(run(LIFECYCLE.claim(UUID.randomUUID(), WORKER, LIVE_ADDRESS, LEASE)));
    }

    // ------------------------------------------------------------------------------------------------ heartbeat

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"RUNNING", "PAUSED"})
    void heartbeatExtendsTheLeaseAndReturnsTheAskedStatus(TaskStatus held) throws Exception {
        Arranged task = taskIn(account(), held);
        OffsetDateTime before = row(task.taskId()).leaseExpiresAt();

        Outcome outcome = run(LIFECYCLE.heartbeat(List.of(task.claim()), Duration.ofMinutes(10)));

        assertEquals(List.of(Map.of("id", task.taskId(), "status", held.wireName(), "controlled", false)),
                outcome.rows());
        assertTrue(row(task.taskId()).leaseExpiresAt().isAfter(before));
        assertTrue(leaseSecondsLeft(task.taskId()) > 9 * 60, "ten minutes from now");
        assertEquals(held, row(task.taskId()).status());
        assertTrue(outcome.outbox().isEmpty(), "a heartbeat announces nothing");
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void heartbeatIsRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        TaskRow before = row(claim.taskId());

        assertRefused(run(LIFECYCLE.heartbeat(List.of(claim), LEASE)), claim.taskId(), before);
    }

    @Test
    void oneHeartbeatExtendsEveryHeldRunOfTheWorkerAndLeavesOutTheLostOnes() throws Exception {
        Arranged running = taskIn(account(), TaskStatus.RUNNING);
        Arranged paused = taskIn(account(), TaskStatus.PAUSED);
        RunClaim lost = breached(Breach.EXPIRED_LEASE);
        RunClaim lostOfThisWorker = new RunClaim(lost.taskId(), running.claim().workerId(), lost.attempt());

        Outcome outcome = run(LIFECYCLE.heartbeat(List.of(running.claim(), paused.claim(), lostOfThisWorker),
                Duration.ofMinutes(10)));

        assertEquals(Set.of(Map.of("id", running.taskId(), "status", "running", "controlled", false),
                Map.of("id", paused.taskId(), "status", "paused", "controlled", false)), Set.copyOf(outcome.rows()));
        assertTrue(leaseSecondsLeft(running.taskId()) > 9 * 60 && leaseSecondsLeft(paused.taskId()) > 9 * 60);
    }

    // ----------------------------------------------------------------------------------------------- recordStep

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"RUNNING", "PAUSED"})
    void recordStepInsertsTheStepAndItsEvent(TaskStatus held) throws Exception {
        RunClaim claim = taskIn(account(), held).claim();
        String key = "tasks/" + claim.taskId() + "/attempts/1/screenshots/3";
        StepRow step = new StepRow(3, "worked", "on the page", "click buy", "https://example.com/",
                "[{\"click\": {\"index\": 4}}]", key, 10, 20, 30, 1000, 50);

        Outcome outcome = run(LIFECYCLE.recordStep(claim, step));

        assertEquals(List.of(claim.taskId()), ids(outcome));
        List<List<Object>> steps = query("""
                select attempt, step, evaluation_previous_goal, memory, next_goal, url, actions::text, screenshot_key,
                       observe_ms, model_ms, act_ms, input_tokens, output_tokens
                from task_steps where task_id = ?""", claim.taskId());
        assertEquals(1, steps.size());
        List<Object> stored = steps.get(0);
        assertEquals(List.of(1, 3, "worked", "on the page", "click buy", "https://example.com/"), stored.subList(0, 6));
        assertEquals(JSON.readTree(step.actionsJson()), JSON.readTree((String) stored.get(6)));
        assertEquals(List.of(key, 10, 20, 30, 1000, 50), stored.subList(7, 13));
        assertStepEvent(outcome, claim.taskId(), 3);
    }

    @Test
    void recordStepStoresMissingTextsAsEmpty() throws Exception {
        RunClaim claim = running(account());

        run(LIFECYCLE.recordStep(claim, new StepRow(1, null, null, null, null, null, null, 0, 0, 0, 0, 0)));

        assertEquals(List.of(List.of("", "", "", "", "[]")), query("""
                select evaluation_previous_goal, memory, next_goal, url, actions::text from task_steps
                where task_id = ?""", claim.taskId()));
    }

    @Test
    void recordStepChargesTheStepPriceOfTheTasksModel() throws Exception {
        update("insert into prices (item, cents) values ('step:gpt-4.1', 0.25), ('step:*', 9)");
        UUID account = account(5, new BigDecimal("10.00"), true);
        RunClaim claim = running(account);

        run(LIFECYCLE.recordStep(claim, step(1)));
        run(LIFECYCLE.recordStep(claim, step(2)));

        assertEquals(0, new BigDecimal("9.50").compareTo((BigDecimal) query(
                "select credit_balance_cents from accounts where id = ?", account).get(0).get(0)));
        assertEquals(0, new BigDecimal("0.50").compareTo((BigDecimal) query(
                "select cost_cents from tasks where id = ?", claim.taskId()).get(0).get(0)));
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void recordStepIsRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        TaskRow before = row(claim.taskId());

        Outcome outcome = run(LIFECYCLE.recordStep(claim, step(1)));

        assertRefused(outcome, claim.taskId(), before);
        assertEquals(0L, count("select count(*) from task_steps where task_id = ?", claim.taskId()));
    }

    // ------------------------------------------------------------------------------------------------------ end

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"FINISHED", "FAILED", "STOPPED"})
    void endWritesTheEndStateWithItsOutputAndReason(TaskStatus end) throws Exception {
        RunClaim claim = running(account());
        String reason = end == FAILED ? "the site refused" : null;

        Outcome outcome = run(LIFECYCLE.end(claim, end, "the answer", reason));

        assertEquals(List.of(claim.taskId()), ids(outcome));
        TaskRow row = row(claim.taskId());
        assertEquals(end, row.status());
        assertEquals("the answer", row.output());
        assertEquals(reason, row.failureReason());
        assertNotNull(row.finishedAt());
        assertNull(row.leaseExpiresAt());
        assertEquals(WORKER, row.workerId());
        assertEquals(1, row.attempt());
        assertStatusEvent(outcome, claim.taskId(), end, reason);
        assertFalse(row.hasSecrets(), "an ended task's secrets are erased");
    }

    @Test
    void aPausedRunCanEnd() throws Exception {
        RunClaim claim = taskIn(account(), PAUSED).claim();

        Outcome outcome = run(LIFECYCLE.end(claim, STOPPED, null, null));

        assertEquals(STOPPED, row(claim.taskId()).status());
        assertStatusEvent(outcome, claim.taskId(), STOPPED, null);
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void endIsRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        TaskRow before = row(claim.taskId());

        assertRefused(run(LIFECYCLE.end(claim, FAILED, "late", "too late")), claim.taskId(), before);
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"CREATED", "RUNNING", "PAUSED"})
    void aRunCannotEndAsAStateThatIsNotAnEnd(TaskStatus status) {
        assertThrows(IllegalArgumentException.class,
                () -> LIFECYCLE.end(new RunClaim(UUID.randomUUID(), WORKER, 1), status, null, null));
    }

    // ------------------------------------------------------------------------------------------------- handBack

    @Test
    void handBackQueuesARunningTaskAgainUndispatched() throws Exception {
        UUID account = account();
        UUID task = create(account);
        run(LIFECYCLE.dispatch(new UUID[] {account}, 100));
        RunClaim claim = claim(task, WORKER);
        OffsetDateTime startedAt = row(task).startedAt();

        Outcome outcome = run(LIFECYCLE.handBack(claim));

        assertQueuedAgain(outcome, task);
        assertTrue(row(claim.taskId()).hasSecrets(), "a task handed back keeps its secrets for its next attempt");

        assertDispatches(run(LIFECYCLE.dispatch(null, 100)), task);
        RunClaim next = claim(task, OTHER_WORKER);
        assertEquals(2, next.attempt());
        assertEquals(startedAt, row(task).startedAt(), "started_at is when the first attempt started");
    }

    @Test
    void handBackParksAPausedTaskWhichStaysPausedUntilResumedAndThenStartsWhereItWas() throws Exception {
        UUID account = account();
        Arranged paused = taskIn(account, PAUSED);
        run(LIFECYCLE.recordStep(paused.claim(), new StepRow(1, "", "", "", "https://example.com/first", "[]", null,
                1, 1, 1, 1, 1)));
        run(LIFECYCLE.recordStep(paused.claim(), new StepRow(2, "", "", "", "https://example.com/cart", "[]", null,
                1, 1, 1, 1, 1)));

        Outcome parked = run(LIFECYCLE.handBack(paused.claim()));

        assertEquals(List.of(paused.taskId()), ids(parked));
        assertTrue(parked.outbox().isEmpty(), "the status did not change: nothing to announce");
        TaskRow row = row(paused.taskId());
        assertEquals(PAUSED, row.status());
        assertNull(row.workerId());
        assertNull(row.leaseExpiresAt());
        assertTrue(ids(run(LIFECYCLE.dispatch(null, 100))).isEmpty(), "a paused task is never run unasked");
        assertNothingWritten(run(LIFECYCLE.request(TaskTransition.RESUME, account, paused.taskId())));

        Outcome resumed = run(LIFECYCLE.resumeParked(account, paused.taskId()));

        assertEquals(List.of(paused.taskId()), ids(resumed));
        assertStatusEvent(resumed, paused.taskId(), CREATED, null);
        assertDispatches(run(LIFECYCLE.dispatch(null, 100)), paused.taskId());
        Outcome claimed = run(LIFECYCLE.claim(paused.taskId(), OTHER_WORKER, LIVE_ADDRESS, LEASE));
        assertEquals(2, claimed.rows().get(0).get("attempt"));
        assertEquals("https://example.com/cart", claimed.rows().get(0).get("resume_url"));
    }

    @Test
    void resumeParkedIsOnlyForAPausedTaskWithoutAWorker() throws Exception {
        UUID account = account();
        for (TaskStatus status : List.of(CREATED, RUNNING, PAUSED, FINISHED, STOPPED)) {
            Arranged task = taskIn(account, status);
            TaskRow before = row(task.taskId());
            assertRefused(run(LIFECYCLE.resumeParked(account, task.taskId())), task.taskId(), before);
        }
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void handBackIsRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        TaskRow before = row(claim.taskId());

        assertRefused(run(LIFECYCLE.handBack(claim)), claim.taskId(), before);
    }

    // ------------------------------------------------------------------------------------------- expired leases

    @Test
    void expiredLeasesAreTheHeldTasksWhoseLeaseRanOutOldestFirst() throws Exception {
        UUID account = account(10, null, true);
        UUID runningExpired = running(account).taskId();
        UUID pausedExpired = taskIn(account, PAUSED).taskId();
        UUID stoppedExpired = taskIn(account, STOPPED).taskId();
        expireLease(runningExpired, 5);
        expireLease(pausedExpired, 10);
        expireLease(stoppedExpired, 20);
        running(account);
        taskIn(account, PAUSED);
        create(account);
        taskIn(account, FINISHED);

        Outcome outcome = run(LIFECYCLE.expiredLeases(100));

        assertEquals(List.of(Map.of("id", pausedExpired, "attempt", 1, "status", "paused"),
                Map.of("id", runningExpired, "attempt", 1, "status", "running")), outcome.rows());
        assertTrue(outcome.outbox().isEmpty());
    }

    @Test
    void expiredLeasesSkipsTheRowsAnotherReaperHolds() throws Exception {
        UUID account = account();
        UUID first = running(account).taskId();
        UUID second = running(account).taskId();
        expireLease(first, 10);
        expireLease(second, 5);
        try (Connection otherReaper = postgres.getPostgresDatabase().getConnection()) {
            otherReaper.setAutoCommit(false);
            try (PreparedStatement locking = JdbcStatements.prepare(otherReaper, LIFECYCLE.expiredLeases(1));
                 ResultSet locked = locking.executeQuery()) {
                assertTrue(locked.next());
                assertEquals(first, locked.getObject("id", UUID.class));
            }

            assertEquals(List.of(second), ids(run(LIFECYCLE.expiredLeases(100))));

            otherReaper.rollback();
        }
        assertEquals(List.of(first, second), ids(run(LIFECYCLE.expiredLeases(100))));
    }

    @Test
    void requeueExpiredQueuesARunningTaskAgainUndispatched() throws Exception {
        UUID account = account();
        UUID task = create(account);
        run(LIFECYCLE.dispatch(new UUID[] {account}, 100));
        claim(task, WORKER);
        expireLease(task, 1);

        Outcome outcome = run(LIFECYCLE.requeueExpired(task));

        assertQueuedAgain(outcome, task);
        assertTrue(row(task).hasSecrets(), "a requeued task keeps its secrets for its next attempt");
    }

    @Test
    void requeueExpiredParksAPausedTaskAndFailExpiredLeavesIt() throws Exception {
        UUID task = taskIn(account(), PAUSED).taskId();
        expireLease(task, 1);
        TaskRow before = row(task);

        assertRefused(run(LIFECYCLE.failExpired(task, 3)), task, before);
        Outcome outcome = run(LIFECYCLE.requeueExpired(task));

        assertEquals(List.of(task), ids(outcome));
        assertTrue(outcome.outbox().isEmpty());
        TaskRow row = row(task);
        assertEquals(PAUSED, row.status());
        assertNull(row.workerId());
        assertNull(row.leaseExpiresAt());
        assertTrue(row.hasSecrets(), "a paused task keeps its secrets for when it is resumed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 | The task was interrupted 1 time (its worker stopped responding); giving up",
            "3 | The task was interrupted 3 times (its worker stopped responding); giving up"})
    void failExpiredFailsTheTaskWithTheReason(int attempts, String reason) throws Exception {
        UUID task = running(account()).taskId();
        expireLease(task, 1);

        Outcome outcome = run(LIFECYCLE.failExpired(task, attempts));

        assertEquals(List.of(task), ids(outcome));
        TaskRow row = row(task);
        assertEquals(FAILED, row.status());
        assertEquals(reason, row.failureReason());
        assertNotNull(row.finishedAt());
        assertNull(row.leaseExpiresAt());
        assertStatusEvent(outcome, task, FAILED, reason);
        assertFalse(row(task).hasSecrets(), "a failed task's secrets are erased");
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"RUNNING", "PAUSED"})
    void requeueAndFailAreRefusedWhileTheLeaseHolds(TaskStatus held) throws Exception {
        UUID task = taskIn(account(), held).taskId();
        TaskRow before = row(task);

        assertRefused(run(LIFECYCLE.requeueExpired(task)), task, before);
        assertRefused(run(LIFECYCLE.failExpired(task, 3)), task, before);
    }

    @Test
    void requeueAndFailAreRefusedForATaskNoLongerHeld() throws Exception {
        UUID task = taskIn(account(), STOPPED).taskId();
        expireLease(task, 1);
        TaskRow before = row(task);

        assertRefused(run(LIFECYCLE.requeueExpired(task)), task, before);
        assertRefused(run(LIFECYCLE.failExpired(task, 3)), task, before);
    }

    // -------------------------------------------------------------------------------------- redispatchUnclaimed

    @Test
    void redispatchUnclaimedQueuesAgainOnlyTasksDispatchedLongAgoAndNeverClaimed() throws Exception {
        UUID account = account();
        UUID old = create(account);
        UUID recent = create(account);
        UUID claimed = create(account);
        run(LIFECYCLE.dispatch(null, 100));
        claim(claimed, WORKER);
        dispatchedMinutesAgo(old, 10);
        dispatchedMinutesAgo(claimed, 10);
        TaskRow recentBefore = row(recent);
        TaskRow claimedBefore = row(claimed);

        Outcome outcome = run(LIFECYCLE.redispatchUnclaimed(Duration.ofMinutes(5), 100));

        assertEquals(List.of(old), ids(outcome));
        assertTrue(outcome.outbox().isEmpty());
        assertNull(row(old).dispatchedAt());
        assertEquals(CREATED, row(old).status());
        assertEquals(recentBefore, row(recent));
        assertEquals(claimedBefore, row(claimed));

        assertDispatches(run(LIFECYCLE.dispatch(null, 100)), old);
    }

    // ---------------------------------------------------------------------------------------- saveBrowserData

    @Test
    void saveBrowserDataWritesTheSealedCookiesWhileTheFenceHolds() throws Exception {
        RunClaim claim = running(account());
        byte[] sealed = {2, 1, 'k', 42};

        Outcome outcome = run(LIFECYCLE.saveBrowserData(claim, sealed));

        assertEquals(1, outcome.updateCount());
        assertTrue(outcome.outbox().isEmpty());
        assertEquals(HexFormat.of().formatHex(sealed), row(claim.taskId()).browserData());
    }

    @Test
    void plainCookiesAreReplacedByTheirSealedForm() throws Exception {
        RunClaim claim = running(account());
        update("update tasks set browser_data = '{\"cookies\": []}' where id = ?", claim.taskId());

        Outcome listed = run(LIFECYCLE.plainBrowserData(1_000));
        Outcome sealed = run(LIFECYCLE.sealPlainBrowserData(claim.taskId(), new byte[]{2, 7}));
        Outcome again = run(LIFECYCLE.sealPlainBrowserData(claim.taskId(), new byte[]{2, 8}));

        assertTrue(listed.rows().contains(Map.of("id", claim.taskId(), "browser_data", "{\"cookies\": []}")),
                listed.rows().toString());
        assertEquals(1, sealed.updateCount());
        assertEquals(0, again.updateCount(), "a row already sealed is left as it is");
        assertEquals("0207", row(claim.taskId()).browserData());
        assertFalse(ids(run(LIFECYCLE.plainBrowserData(1_000))).contains(claim.taskId()));
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void saveBrowserDataIsRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        TaskRow before = row(claim.taskId());

        Outcome outcome = run(LIFECYCLE.saveBrowserData(claim, new byte[]{2}));

        assertEquals(0, outcome.updateCount());
        assertRefused(outcome, claim.taskId(), before);
        assertNull(row(claim.taskId()).browserData());
    }

    // ------------------------------------------------------- saveProfileState, saveOutputFile, saveRecording

    @Test
    void saveProfileStateWritesOnlyAPersistedProfileOfTheTasksAccountWhileTheFenceHolds() throws Exception {
        UUID account = account();
        RunClaim claim = running(account);
        UUID own = profile(account, true);
        UUID notPersisted = profile(account, false);
        UUID another = profile(account(), true);

        assertEquals(List.of(own), ids(run(LIFECYCLE.saveProfileState(claim, own, new byte[]{2, 5}))));
        assertEquals(0, run(LIFECYCLE.saveProfileState(claim, notPersisted, new byte[]{2, 5})).rows().size());
        assertEquals(0, run(LIFECYCLE.saveProfileState(claim, another, new byte[]{2, 5})).rows().size(),
                "another account's profile is never written");
        for (UUID profile : List.of(own, notPersisted, another)) {
            assertEquals(profile.equals(own) ? 1 : 0, count("select count(*) from browser_profiles"
                    + " where id = ? and browser_state is not null", profile));
        }
    }

    @ParameterizedTest
    @EnumSource(Breach.class)
    void saveProfileStateAndSaveOutputFileAreRefusedByTheFence(Breach breach) throws Exception {
        RunClaim claim = breached(breach);
        UUID account = (UUID) query("select account_id from tasks where id = ?", claim.taskId()).get(0).get(0);
        UUID profile = profile(account, true);

        Outcome state = run(LIFECYCLE.saveProfileState(claim, profile, new byte[]{2, 5}));
        Outcome file = run(LIFECYCLE.saveOutputFile(claim,
                new TaskLifecycle.OutputFile("late.csv", "text/csv", 3, "tasks/late")));
        Outcome recording = run(LIFECYCLE.saveRecording(claim,
                new TaskLifecycle.Recording("video/webm", 3, Duration.ofSeconds(4), "tasks/late.webm")));

        assertEquals(0, state.rows().size());
        assertEquals(0, file.rows().size());
        assertEquals(0, recording.rows().size());
        assertEquals(0, count("select count(*) from browser_profiles where id = ? and browser_state is not null", profile));
        assertEquals(0, count("select count(*) from files where task_id = ?", claim.taskId()));
        assertEquals(0, count("select count(*) from task_recordings where task_id = ?", claim.taskId()));
    }

    @Test
    void saveRecordingRecordsTheVideoOfTheRunsAttempt() throws Exception {
        RunClaim claim = running(account());

        Outcome recorded = run(LIFECYCLE.saveRecording(claim,
                new TaskLifecycle.Recording("video/webm", 2048, Duration.ofMillis(12_345), "tasks/r.webm")));

        assertEquals(List.of(claim.taskId()), ids(recorded));
        assertEquals(List.of(List.of(claim.attempt(), "tasks/r.webm", "video/webm", 2048L, 12_345L)), query(
                "select attempt, storage_key, content_type, size_bytes, duration_ms from task_recordings"
                        + " where task_id = ?", claim.taskId()));
    }

    @Test
    void saveOutputFileRecordsTheFileInTheTasksAccountAndALaterOneOfTheSameNameReplacesIt() throws Exception {
        UUID account = account();
        RunClaim claim = running(account);

        run(LIFECYCLE.saveOutputFile(claim, new TaskLifecycle.OutputFile("report.csv", "text/csv", 3, "tasks/a")));
        Outcome again = run(LIFECYCLE.saveOutputFile(claim,
                new TaskLifecycle.OutputFile("report.csv", "text/csv", 5, "tasks/b")));

        assertEquals(1, again.rows().size());
        assertEquals(List.of(List.of(account, 5L, "tasks/b")), query(
                "select account_id, size_bytes, storage_key from files where task_id = ?", claim.taskId()));
    }

    private static UUID profile(UUID account, boolean persist) throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into browser_profiles (id, account_id, profile_name, persist) values (?, ?, 'p', ?)",
                id, account, persist);
        return id;
    }

    // ------------------------------------------------------------------------------------------------- reads

    @Test
    void statusReadsTheAccountsOwnTask() throws Exception {
        UUID account = account();
        UUID task = create(account);

        assertEquals(List.of(Map.of("status", "created")), run(LIFECYCLE.status(account, task)).rows());
        claim(task, WORKER);
        assertEquals(List.of(Map.of("status", "running")), run(LIFECYCLE.status(account, task)).rows());
        assertTrue(run(LIFECYCLE.status(account(), task)).rows().isEmpty(), "another account's task");
        assertTrue(run(LIFECYCLE.status(account, UUID.randomUUID())).rows().isEmpty(), "an unknown task");
    }

    @Test
    void countQueuedCountsTheCreatedTasks() throws Exception {
        assertEquals(0L, queued());
        UUID account = account();
        UUID first = create(account);
        UUID second = create(account);
        create(account(5, null, true));
        assertEquals(3L, queued());

        RunClaim claim = claim(first, WORKER);
        run(LIFECYCLE.request(TaskTransition.STOP, account, second));
        assertEquals(1L, queued());

        run(LIFECYCLE.handBack(claim));
        assertEquals(2L, queued());
    }

    // --------------------------------------------------------------------------------------------- live view

    @Test
    void aLiveViewerIsTheTasksLiveTokenOrShareTokenAtTheWorkerHoldingIt() throws Exception {
        UUID task = create(new NewTask(UUID.randomUUID(), account(), "watch", "gpt-4.1", 25, "{}", null, EPOCH,
                "share-token-1", "live-token-1", SEALED_SECRETS, null));
        assertTrue(run(LIFECYCLE.liveViewer(task, WORKER, "live-token-1")).rows().isEmpty(), "not running yet");

        claim(task, WORKER);

        assertEquals(List.of(Map.of("may_control", true)),
                run(LIFECYCLE.liveViewer(task, WORKER, "live-token-1")).rows(), "the live token");
        assertEquals(List.of(Map.of("may_control", false)),
                run(LIFECYCLE.liveViewer(task, WORKER, "share-token-1")).rows(), "the share token: read-only");
        assertTrue(run(LIFECYCLE.liveViewer(task, OTHER_WORKER, "live-token-1")).rows().isEmpty(), "another worker");
        assertTrue(run(LIFECYCLE.liveViewer(task, WORKER, "live-token-2")).rows().isEmpty(), "another token");
        run(LIFECYCLE.request(TaskTransition.STOP, (UUID) query("select account_id from tasks where id = ?", task)
                .get(0).get(0), task));
        assertTrue(run(LIFECYCLE.liveViewer(task, WORKER, "live-token-1")).rows().isEmpty(), "stopped");
    }

    @Test
    void controlIsHeldOnlyWhileTheTaskIsPausedWithControlTaken() throws Exception {
        RunClaim running = running(account());
        UUID task = running.taskId();
        assertTrue(run(LIFECYCLE.controlHeld(task, WORKER)).rows().isEmpty(), "running");

        update("update tasks set status = 'paused' where id = ?", task);
        assertTrue(run(LIFECYCLE.controlHeld(task, WORKER)).rows().isEmpty(), "paused, nobody holds control");

        update("update tasks set control_taken_at = now() where id = ?", task);
        assertEquals(1, run(LIFECYCLE.controlHeld(task, WORKER)).rows().size(), "paused for a person");
        assertTrue(run(LIFECYCLE.controlHeld(task, OTHER_WORKER)).rows().isEmpty(), "at another worker");
    }

    // --------------------------------------------------------------------------------------------- statements

    @Test
    void allListsEveryStatementOnce() throws IllegalAccessException {
        List<Object> declared = new ArrayList<>();
        for (Field field : TaskLifecycle.class.getFields()) {
            if (field.getType() == NamedStatement.class && Modifier.isStatic(field.getModifiers())) {
                declared.add(field.get(null));
            }
        }
        assertEquals(Set.copyOf(declared), Set.copyOf(TaskLifecycle.ALL));
        assertEquals(declared.size(), TaskLifecycle.ALL.size());
        assertEquals(TaskLifecycle.ALL.size(),
                TaskLifecycle.ALL.stream().map(NamedStatement::name).distinct().count(), "names are unique");
    }

    static List<NamedStatement> statements() {
        return TaskLifecycle.ALL;
    }

    /** Both renderings parse on PostgreSQL, the numbered one with every parameter type left to the server. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void everyStatementPreparesInBothForms(NamedStatement statement) throws SQLException {
        try (PreparedStatement jdbc = connection.prepareStatement(statement.jdbcSql())) {
            assertEquals(statement.occurrences().size(), jdbc.getParameterMetaData().getParameterCount());
        }
        try (Statement plain = connection.createStatement()) {
            plain.execute("prepare numbered as " + statement.numberedSql());
            plain.execute("deallocate numbered");
        }
    }

    // ================================================================================================= helpers

    /** A way the fence of a run no longer holds. */
    enum Breach {
        /** The task is held by another worker. */
        OTHER_WORKER,
        /** The worker holds a later attempt of the task. */
        STALE_ATTEMPT,
        /** The lease ran out (the reaper has not come by yet). */
        EXPIRED_LEASE,
        /** The client stopped the task. */
        STOPPED_BY_CLIENT,
        /** The run already ended it. */
        ENDED_BY_RUN
    }

    /** A task the fence of the returned claim no longer lets write, as {@code breach} says. */
    private static RunClaim breached(Breach breach) throws Exception {
        UUID account = account();
        RunClaim claim = running(account);
        switch (breach) {
            case OTHER_WORKER -> {
                return new RunClaim(claim.taskId(), OTHER_WORKER, claim.attempt());
            }
            case STALE_ATTEMPT -> {
                assertChanged(run(LIFECYCLE.handBack(claim)));
                assertEquals(2, claim(claim.taskId(), WORKER).attempt());
            }
            case EXPIRED_LEASE -> expireLease(claim.taskId(), 1);
            case STOPPED_BY_CLIENT -> assertChanged(run(LIFECYCLE.request(TaskTransition.STOP, account, claim.taskId())));
            case ENDED_BY_RUN -> assertChanged(run(LIFECYCLE.end(claim, FINISHED, "done", null)));
        }
        return claim;
    }

    /** A task of the account, and the run's claim if it was ever claimed. */
    private record Arranged(UUID taskId, RunClaim claim) {
    }

    /**
     * A task of the account in {@code status}, brought there by the lifecycle's own statements: every state but
     * {@code created} was claimed by {@link #WORKER} first (so a stopped task is one stopped while running).
     */
    private static Arranged taskIn(UUID account, TaskStatus status) throws Exception {
        UUID task = create(account);
        if (status == CREATED) {
            return new Arranged(task, null);
        }
        RunClaim claim = claim(task, WORKER);
        switch (status) {
            case PAUSED -> assertChanged(run(LIFECYCLE.request(TaskTransition.PAUSE, account, task)));
            case STOPPED -> assertChanged(run(LIFECYCLE.request(TaskTransition.STOP, account, task)));
            case FINISHED -> assertChanged(run(LIFECYCLE.end(claim, FINISHED, "done", null)));
            case FAILED -> assertChanged(run(LIFECYCLE.end(claim, FAILED, null, "broken")));
            default -> {
            }
        }
        assertEquals(status, row(task).status());
        return new Arranged(task, claim);
    }

    private static void assertRequestRefused(TaskTransition transition, TaskStatus status) throws Exception {
        UUID account = account();
        UUID task = taskIn(account, status).taskId();
        TaskRow before = row(task);

        assertRefused(run(LIFECYCLE.request(transition, account, task)), task, before);
    }

    private static void assertCreateRefused(UUID account) throws Exception {
        NewTask task = newTask(account, null);

        assertNothingWritten(run(LIFECYCLE.create(task)));
        assertFalse(exists(task.id()));
    }

    private static UUID account() throws SQLException {
        return account(5, null, true);
    }

    /** @param credits the balance in cents, or null for unlimited */
    private static UUID account(int maxRunningTasks, BigDecimal credits, boolean active) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                insert into accounts (id, name, active, credit_balance_cents, max_running_tasks)
                values (?, ?, ?, ?, ?)""", id, "account " + id, active, credits, maxRunningTasks);
        return id;
    }

    private static NewTask newTask(UUID account, RequestKey key) {
        return newTask(account, EPOCH.plusSeconds(CREATED_SECONDS.incrementAndGet()), key);
    }

    private static NewTask newTask(UUID account, OffsetDateTime createdAt, RequestKey key) {
        return new NewTask(UUID.randomUUID(), account, "find the price", "gpt-4.1", 25, "{\"flash_mode\": true}",
                null, createdAt, null, null, SEALED_SECRETS, key);
    }

    private static RequestKey requestKey(String source, String key, String bodyHash) {
        return new RequestKey(source, key, bodyHash, Duration.ofHours(1).toSeconds());
    }

    /** A new task of the account, created by the lifecycle. */
    private static UUID create(UUID account) throws Exception {
        return create(newTask(account, null));
    }

    private static UUID create(NewTask task) throws Exception {
        assertEquals(List.of(task.id()), ids(run(LIFECYCLE.create(task))), "created");
        return task.id();
    }

    /** Claims the task for the worker with a one-minute lease. */
    private static RunClaim claim(UUID task, String worker) throws Exception {
        Outcome outcome = run(LIFECYCLE.claim(task, worker, LIVE_ADDRESS, LEASE));
        assertEquals(1, outcome.rows().size(), "claimed");
        return new RunClaim(task, worker, (Integer) outcome.rows().get(0).get("attempt"));
    }

    /** A new task of the account, claimed by {@link #WORKER}. */
    private static RunClaim running(UUID account) throws Exception {
        return claim(create(account), WORKER);
    }

    private static StepRow step(int number) {
        return new StepRow(number, "", "", "", "https://example.com/", "[]", null, 1, 1, 1, 1, 1);
    }

    /** Time passing: the lease ran out {@code seconds} ago. */
    private static void expireLease(UUID task, int seconds) throws SQLException {
        update("update tasks set lease_expires_at = now() - make_interval(secs => ?) where id = ?", seconds, task);
    }

    /** Time passing: the task was dispatched {@code minutes} ago. */
    private static void dispatchedMinutesAgo(UUID task, int minutes) throws SQLException {
        update("update tasks set dispatched_at = now() - make_interval(mins => ?) where id = ?", minutes, task);
    }

    // ----------------------------------------------------------------------------------------- running, reading

    /** What a statement returned, and the outbox rows it wrote. */
    private record Outcome(List<Map<String, Object>> rows, int updateCount, List<OutboxRow> outbox) {
    }

    private record OutboxRow(String topic, String key, JsonNode payload) {
    }

    /** The columns of a task that the lifecycle changes. */
    private record TaskRow(TaskStatus status, int attempt, String workerId, OffsetDateTime leaseExpiresAt,
                           OffsetDateTime dispatchedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                           String output, String failureReason, String browserData, boolean hasSecrets) {
    }

    /** Runs the statement as the worker does ({@link JdbcStatements}), autocommitted. */
    private static Outcome run(Bound bound) throws Exception {
        long lastOutboxId = count("select coalesce(max(id), 0) from outbox");
        long lastLoggedId = count("select coalesce(max(id), 0) from task_event_log");
        List<Map<String, Object>> rows = new ArrayList<>();
        int updateCount = -1;
        try (PreparedStatement statement = JdbcStatements.prepare(connection, bound)) {
            if (statement.execute()) {
                try (ResultSet result = statement.getResultSet()) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            row.put(columns.getColumnLabel(i), result.getObject(i));
                        }
                        rows.add(row);
                    }
                }
            } else {
                updateCount = statement.getUpdateCount();
            }
        }
        List<OutboxRow> outbox = new ArrayList<>();
        for (List<Object> row : query("select topic, message_key, payload::text from outbox where id > ? order by id",
                lastOutboxId)) {
            outbox.add(new OutboxRow((String) row.get(0), (String) row.get(1), JSON.readTree((String) row.get(2))));
        }
        List<String> logged = new ArrayList<>();
        for (List<Object> row : query("select task_id::text, payload::text from task_event_log where id > ? order by id",
                lastLoggedId)) {
            logged.add(row.get(0) + " " + JSON.readTree((String) row.get(1)));
        }
        assertEquals(outbox.stream().filter(row -> row.topic().equals(Topics.TASK_EVENTS))
                        .map(row -> row.key() + " " + row.payload()).toList(), logged,
                "every task-events record is kept in its task's event log, in the same order");
        return new Outcome(rows, updateCount, outbox);
    }

    private static List<UUID> ids(Outcome outcome) {
        return outcome.rows().stream().map(row -> (UUID) row.get("id")).toList();
    }

    /** Waiting again as created, undispatched and unheld, its one attempt counted, and the event that says so. */
    private static void assertQueuedAgain(Outcome outcome, UUID task) throws Exception {
        assertEquals(List.of(task), ids(outcome));
        TaskRow row = row(task);
        assertEquals(CREATED, row.status());
        assertNull(row.workerId());
        assertNull(row.leaseExpiresAt());
        assertNull(row.dispatchedAt());
        assertNull(row.finishedAt());
        assertEquals(1, row.attempt(), "the attempt that ran is counted");
        assertStatusEvent(outcome, task, CREATED, null);
    }

    private static TaskRow row(UUID task) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select status, attempt, worker_id, lease_expires_at, dispatched_at, started_at, finished_at, output,
                       failure_reason, encode(sealed_browser_data, 'hex'), secrets is not null
                from tasks where id = ?""")) {
            select.setObject(1, task);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "task " + task + " exists");
                return new TaskRow(TaskStatus.fromWireName(row.getString(1)), row.getInt(2), row.getString(3),
                        row.getObject(4, OffsetDateTime.class), row.getObject(5, OffsetDateTime.class),
                        row.getObject(6, OffsetDateTime.class), row.getObject(7, OffsetDateTime.class),
                        row.getString(8), row.getString(9), row.getString(10), row.getBoolean(11));
            }
        }
    }

    private static boolean exists(UUID task) throws SQLException {
        return count("select count(*) from tasks where id = ?", task) > 0;
    }

    /** The lease left by the database's clock, in seconds. */
    private static double leaseSecondsLeft(UUID task) throws SQLException {
        return ((Number) query("select extract(epoch from lease_expires_at - now()) from tasks where id = ?", task)
                .get(0).get(0)).doubleValue();
    }

    /** The task and body hash a request key names. */
    private static List<Object> requestKeyRow(UUID account, String source, String key) throws SQLException {
        List<List<Object>> rows = query("""
                select task_id, body_hash from task_request_keys
                where account_id = ? and source = ? and request_key = ?""", account, source, key);
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    private static long queued() throws Exception {
        return (Long) run(LIFECYCLE.countQueued()).rows().get(0).get("count");
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        return ((Number) query(sql, parameters).get(0).get(0)).longValue();
    }

    private static List<List<Object>> query(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet result = select.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static void update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    // ------------------------------------------------------------------------------------------------ asserts

    /** The statement changed a row (it returned one). */
    private static void assertChanged(Outcome outcome) {
        assertEquals(1, outcome.rows().size(), "the statement changed the task");
    }

    /** No row returned or changed, no outbox record written. */
    private static void assertNothingWritten(Outcome outcome) {
        assertEquals(List.of(), outcome.rows());
        assertTrue(outcome.updateCount() <= 0, "no row changed");
        assertEquals(List.of(), outcome.outbox());
    }

    /** Refused: nothing returned or written, and the task as it was. */
    private static void assertRefused(Outcome outcome, UUID task, TaskRow before) throws SQLException {
        assertNothingWritten(outcome);
        assertEquals(before, row(task));
    }

    /** Exactly one record was written: a {@code status} event of the task. */
    private static void assertStatusEvent(Outcome outcome, UUID task, TaskStatus status, String reason) {
        JsonNode event = onlyEvent(outcome, task);
        assertEquals("status", event.path("type").asText());
        assertEquals(status.wireName(), event.path("status").asText());
        if (reason == null) {
            assertFalse(event.has("reason"), event.toString());
        } else {
            assertEquals(reason, event.path("reason").asText());
        }
    }

    /** Exactly one record was written: a {@code status} event of a person taking or handing back the browser. */
    private static void assertControlEvent(Outcome outcome, UUID task, TaskStatus status, String control) {
        assertStatusEvent(outcome, task, status, null);
        assertEquals(control, onlyEvent(outcome, task).path("control").asText());
    }

    /** Listens on {@link TaskLifecycle#CONTROL_CHANNEL} on a connection of its own, as a worker does. */
    private static final class ControlListener implements AutoCloseable {

        private final Connection listening;

        ControlListener() throws SQLException {
            listening = postgres.getPostgresDatabase().getConnection();
            try (Statement statement = listening.createStatement()) {
                statement.execute("listen " + TaskLifecycle.CONTROL_CHANNEL);
            }
        }

        /** The payloads of the notifications that arrive within a few seconds (at least one). */
        List<String> next() throws SQLException {
            PGNotification[] notifications = listening.unwrap(PGConnection.class).getNotifications(5000);
            return notifications == null ? List.of()
                    : Arrays.stream(notifications).map(PGNotification::getParameter).toList();
        }

        @Override
        public void close() throws SQLException {
            listening.close();
        }
    }

    /** Exactly one record was written: a {@code step} event of the task. */
    private static void assertStepEvent(Outcome outcome, UUID task, int step) {
        JsonNode event = onlyEvent(outcome, task);
        assertEquals("step", event.path("type").asText());
        assertEquals("running", event.path("status").asText());
        assertEquals(step, event.path("step").asInt());
    }

    private static JsonNode onlyEvent(Outcome outcome, UUID task) {
        assertEquals(1, outcome.outbox().size(), "one outbox record: " + outcome.outbox());
        OutboxRow record = outcome.outbox().get(0);
        assertEquals(Topics.TASK_EVENTS, record.topic());
        assertEquals(task.toString(), record.key());
        JsonNode event = record.payload();
        assertEquals(task.toString(), event.path("task_id").asText());
        assertEquals(1, event.path("schema_version").asInt());
        assertTrue(event.path("timestamp").isTextual(), "an ISO-8601 timestamp: " + event);
        Instant.parse(event.path("timestamp").asText());
        return event;
    }

    /**
     * Exactly the tasks given were dispatched, in that order: the returned ids, one {@code tasks} record each with
     * the task's id and its {@code dispatched_at}, and no task event.
     */
    private static void assertDispatches(Outcome outcome, UUID... tasks) throws SQLException {
        assertEquals(List.of(tasks), ids(outcome));
        assertEquals(tasks.length, outcome.outbox().size(), "one record per dispatch: " + outcome.outbox());
        for (int i = 0; i < tasks.length; i++) {
            OutboxRow record = outcome.outbox().get(i);
            TaskRow row = row(tasks[i]);
            assertEquals(Topics.TASKS, record.topic());
            assertEquals(tasks[i].toString(), record.key());
            assertEquals(tasks[i].toString(), record.payload().path("task_id").asText());
            assertNotNull(row.dispatchedAt());
            assertEquals(row.dispatchedAt().toInstant(), Instant.parse(record.payload().path("dispatched_at").asText()));
            assertEquals(CREATED, row.status());
        }
    }
}
