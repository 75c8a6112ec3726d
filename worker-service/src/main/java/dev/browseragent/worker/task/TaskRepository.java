package dev.browseragent.worker.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.Topics;
import dev.browseragent.worker.agent.AgentStep;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker's reads and writes of {@code tasks} and {@code task_steps}. Every write after the claim is fenced by the
 * {@link RunClaim}: this worker, this attempt, the task still held ({@code running} or {@code paused}) and its lease
 * not expired. A task that was stopped, reaped after an expired lease, or handed to another worker is never
 * overwritten. Each change is written with its event in the outbox, in one transaction.
 */
@ApplicationScoped
public class TaskRepository {

    private static final String HELD = "id = ? and worker_id = ? and attempt = ? and status in ('running', 'paused')"
            + " and lease_expires_at > now()";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public TaskRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Takes a {@code created} task for this worker as its next attempt. Empty when the task is already claimed,
     * finished, stopped or unknown: then the dispatch is simply dropped.
     */
    public Optional<ClaimedTask> claim(UUID taskId, String workerId, Duration lease) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("""
                    update tasks set status = 'running', worker_id = ?, attempt = attempt + 1,
                        lease_expires_at = now() + ? * interval '1 millisecond', started_at = coalesce(started_at, now())
                    where id = ? and status = 'created'
                    returning task, llm_model, max_agent_steps, options::text, attempt""")) {
                claim.setString(1, workerId);
                claim.setLong(2, lease.toMillis());
                claim.setObject(3, taskId);
                try (ResultSet row = claim.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    ClaimedTask task = new ClaimedTask(new RunClaim(taskId, workerId, row.getInt(5)), row.getString(1),
                            row.getString(2), row.getInt(3), readOptions(row.getString(4)));
                    publish(connection, TaskEvent.status(taskId, TaskStatus.RUNNING, null));
                    return Optional.of(task);
                }
            }
        });
    }

    /**
     * Extends the lease and reads what the API asks of the task: {@code running} or {@code paused}. Empty when this
     * attempt no longer holds the task (stopped, finished, or reaped after its lease expired).
     */
    public Optional<TaskStatus> heartbeat(RunClaim claim, Duration lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update tasks set lease_expires_at = now() + ? * interval '1 millisecond' where " + HELD
                             + " returning status")) {
            update.setLong(1, lease.toMillis());
            fence(update, 2, claim);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? Optional.of(TaskStatus.fromWireName(row.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Records a step of this attempt, with the storage key of its screenshot ({@code null} for none); false when the
     * claim no longer holds.
     */
    public boolean recordStep(RunClaim claim, AgentStep step, String screenshotKey) throws SQLException {
        return inTransaction(connection -> {
            if (!holds(connection, claim)) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into task_steps (task_id, attempt, step, id, evaluation_previous_goal, memory, next_goal, url,
                                            actions, screenshot_key, observe_ms, model_ms, act_ms, input_tokens,
                                            output_tokens)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, claim.taskId());
                insert.setInt(2, claim.attempt());
                insert.setInt(3, step.number());
                insert.setObject(4, UUID.randomUUID());
                insert.setString(5, nullToEmpty(step.evaluationPreviousGoal()));
                insert.setString(6, nullToEmpty(step.memory()));
                insert.setString(7, nullToEmpty(step.nextGoal()));
                insert.setString(8, nullToEmpty(step.url()));
                insert.setString(9, step.actionsJson() == null ? "[]" : step.actionsJson());
                insert.setString(10, screenshotKey);
                insert.setLong(11, step.timings().observeMillis());
                insert.setLong(12, step.timings().modelMillis());
                insert.setLong(13, step.timings().actMillis());
                insert.setInt(14, step.tokens().inputTokens());
                insert.setInt(15, step.tokens().outputTokens());
                insert.executeUpdate();
            }
            publish(connection, TaskEvent.step(claim.taskId(), TaskStatus.RUNNING, step.number()));
            return true;
        });
    }

    /**
     * Writes an end state ({@code finished}, {@code failed}, or {@code stopped} by the worker itself, e.g. after too
     * long a pause) if the claim still holds.
     */
    public boolean finish(RunClaim claim, TaskStatus status, String output, String failureReason) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update tasks set status = ?, output = ?, failure_reason = ?, finished_at = now(),
                        lease_expires_at = null
                    where""" + " " + HELD)) {
                update.setString(1, status.wireName());
                update.setString(2, output);
                update.setString(3, failureReason);
                fence(update, 4, claim);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            publish(connection, TaskEvent.status(claim.taskId(), status, failureReason));
            return true;
        });
    }

    /**
     * Hands a task back to the queue, as when the worker shuts down mid-run: {@code created} again, to be dispatched
     * anew. The attempt's steps stay (the next attempt writes its own). False when the claim no longer holds.
     */
    public boolean release(RunClaim claim) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tasks set status = 'created', worker_id = null, lease_expires_at = null where " + HELD)) {
                fence(update, 1, claim);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            requeue(connection, claim.taskId());
            publish(connection, TaskEvent.status(claim.taskId(), TaskStatus.CREATED, null));
            return true;
        });
    }

    /**
     * Recovers held tasks whose lease expired (their worker died or lost the database): below {@code maxAttempts}
     * attempts they wait again and are dispatched anew; at it they fail with a reason. Rows another reaper is
     * handling are skipped, so replicas never reap the same task twice.
     */
    public ReapedTasks reapExpiredLeases(int maxAttempts, int batchSize) throws SQLException {
        return inTransaction(connection -> {
            List<UUID> requeued = new ArrayList<>();
            List<UUID> failed = new ArrayList<>();
            try (PreparedStatement expired = connection.prepareStatement("""
                    select id, attempt from tasks
                    where status in ('running', 'paused') and lease_expires_at <= now()
                    order by lease_expires_at limit ? for update skip locked""")) {
                expired.setInt(1, batchSize);
                try (ResultSet rows = expired.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        int attempt = rows.getInt(2);
                        if (attempt >= maxAttempts) {
                            failInterrupted(connection, id, attempt);
                            failed.add(id);
                        } else {
                            requeued.add(id);
                        }
                    }
                }
            }
            for (UUID id : requeued) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update tasks set status = 'created', worker_id = null, lease_expires_at = null where id = ?")) {
                    update.setObject(1, id);
                    update.executeUpdate();
                }
                requeue(connection, id);
                publish(connection, TaskEvent.status(id, TaskStatus.CREATED, null));
            }
            return new ReapedTasks(requeued, failed);
        });
    }

    /**
     * Dispatches again the {@code created} tasks whose dispatch is older than {@code unclaimedFor} and that no worker
     * claimed (the record was lost, or read by a worker that died before claiming). Returns their ids.
     */
    public List<UUID> redispatchUnclaimed(Duration unclaimedFor, int batchSize) throws SQLException {
        return inTransaction(connection -> {
            List<UUID> stale = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select id from tasks
                    where status = 'created' and dispatched_at is not null
                      and dispatched_at < now() - ? * interval '1 millisecond'
                    order by dispatched_at limit ? for update skip locked""")) {
                select.setLong(1, unclaimedFor.toMillis());
                select.setInt(2, batchSize);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stale.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            for (UUID id : stale) {
                requeue(connection, id);
            }
            return stale;
        });
    }

    /** Tasks waiting to run ({@code created}), for the metrics. */
    public long countQueued() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("select count(*) from tasks where status = 'created'");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * The one place a task waiting as {@code created} is queued for a new dispatch: it gets {@code dispatched_at =
     * null}, and the api-service's admission writes its dispatch, in order, once the account has a free slot.
     */
    private void requeue(Connection connection, UUID taskId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update tasks set dispatched_at = null where id = ? and status = 'created'")) {
            update.setObject(1, taskId);
            update.executeUpdate();
        }
    }

    private void failInterrupted(Connection connection, UUID taskId, int attempts) throws SQLException {
        String reason = "The task was interrupted " + attempts + (attempts == 1 ? " time" : " times")
                + " (its worker stopped responding); giving up";
        try (PreparedStatement update = connection.prepareStatement("""
                update tasks set status = 'failed', failure_reason = ?, finished_at = now(), lease_expires_at = null
                where id = ?""")) {
            update.setString(1, reason);
            update.setObject(2, taskId);
            update.executeUpdate();
        }
        publish(connection, TaskEvent.status(taskId, TaskStatus.FAILED, reason));
    }

    private static boolean holds(Connection connection, RunClaim claim) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select 1 from tasks where " + HELD + " for update")) {
            fence(lock, 1, claim);
            try (ResultSet row = lock.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Binds {@link #HELD}'s parameters from {@code first} on. */
    private static void fence(PreparedStatement statement, int first, RunClaim claim) throws SQLException {
        statement.setObject(first, claim.taskId());
        statement.setString(first + 1, claim.workerId());
        statement.setInt(first + 2, claim.attempt());
    }

    private void publish(Connection connection, TaskEvent event) throws SQLException {
        publish(connection, Topics.TASK_EVENTS, event.taskId(), event);
    }

    private void publish(Connection connection, String topic, UUID taskId, Object message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox (topic, message_key, payload) values (?, ?, ?::jsonb)")) {
            insert.setString(1, topic);
            insert.setString(2, taskId.toString());
            insert.setString(3, toJson(message));
            insert.executeUpdate();
        }
    }

    private TaskOptions readOptions(String options) throws SQLException {
        try {
            return json.readValue(options, TaskOptions.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored task options are not readable: " + e.getOriginalMessage(), e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task events are always serialisable", e);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
