package dev.browseragent.worker.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskDispatch;
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
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker's reads and writes of {@code tasks} and {@code task_steps}. Every write after the claim is conditional
 * on this worker still holding the task ({@code status = 'running' and worker_id = ?}), so a task that was stopped
 * or handed to another worker is never overwritten. Each change is written with its event in the outbox, in one
 * transaction.
 */
@ApplicationScoped
public class TaskRepository {

    private static final String HELD = "id = ? and worker_id = ? and status = 'running'";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public TaskRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Takes a {@code created} task for this worker. Empty when the task is already claimed, finished, stopped or
     * unknown: then the dispatch is simply dropped.
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
                    ClaimedTask task = new ClaimedTask(taskId, row.getString(1), row.getString(2), row.getInt(3),
                            readOptions(row.getString(4)), row.getInt(5));
                    publish(connection, TaskEvent.status(taskId, TaskStatus.RUNNING, null));
                    return Optional.of(task);
                }
            }
        });
    }

    /** Extends the lease; false when this worker no longer holds the task (stopped, or taken over). */
    public boolean extendLease(UUID taskId, String workerId, Duration lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update tasks set lease_expires_at = now() + ? * interval '1 millisecond' where " + HELD)) {
            update.setLong(1, lease.toMillis());
            update.setObject(2, taskId);
            update.setString(3, workerId);
            return update.executeUpdate() == 1;
        }
    }

    /** Records a step; false when this worker no longer holds the task. */
    public boolean recordStep(UUID taskId, String workerId, AgentStep step) throws SQLException {
        return inTransaction(connection -> {
            if (!holds(connection, taskId, workerId)) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into task_steps (task_id, step, id, evaluation_previous_goal, memory, next_goal, url,
                                            actions, screenshot, observe_ms, model_ms, act_ms, input_tokens,
                                            output_tokens)
                    values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, taskId);
                insert.setInt(2, step.number());
                insert.setObject(3, UUID.randomUUID());
                insert.setString(4, nullToEmpty(step.evaluationPreviousGoal()));
                insert.setString(5, nullToEmpty(step.memory()));
                insert.setString(6, nullToEmpty(step.nextGoal()));
                insert.setString(7, nullToEmpty(step.url()));
                insert.setString(8, step.actionsJson() == null ? "[]" : step.actionsJson());
                insert.setBytes(9, step.screenshotPng());
                insert.setLong(10, step.timings().observeMillis());
                insert.setLong(11, step.timings().modelMillis());
                insert.setLong(12, step.timings().actMillis());
                insert.setInt(13, step.tokens().inputTokens());
                insert.setInt(14, step.tokens().outputTokens());
                insert.executeUpdate();
            }
            publish(connection, TaskEvent.step(taskId, TaskStatus.RUNNING, step.number()));
            return true;
        });
    }

    /** Writes the end state ({@code finished} or {@code failed}) if this worker still holds the task. */
    public boolean finish(UUID taskId, String workerId, TaskStatus status, String output, String failureReason)
            throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update tasks set status = ?, output = ?, failure_reason = ?, finished_at = now(),
                        lease_expires_at = null
                    where""" + " " + HELD)) {
                update.setString(1, status.wireName());
                update.setString(2, output);
                update.setString(3, failureReason);
                update.setObject(4, taskId);
                update.setString(5, workerId);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            publish(connection, TaskEvent.status(taskId, status, failureReason));
            return true;
        });
    }

    /**
     * Hands a task this worker holds back to the queue, as when the worker shuts down mid-run: {@code created}
     * again, its steps cleared (the next attempt starts over), and a new dispatch in the outbox. False when this
     * worker no longer holds it.
     */
    public boolean release(UUID taskId, String workerId) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tasks set status = 'created', worker_id = null, lease_expires_at = null where " + HELD);
                 PreparedStatement clearSteps = connection.prepareStatement("delete from task_steps where task_id = ?")) {
                update.setObject(1, taskId);
                update.setString(2, workerId);
                if (update.executeUpdate() == 0) {
                    return false;
                }
                clearSteps.setObject(1, taskId);
                clearSteps.executeUpdate();
            }
            publish(connection, Topics.TASKS, taskId, new TaskDispatch(taskId, Instant.now()));
            publish(connection, Topics.TASK_EVENTS, taskId, TaskEvent.status(taskId, TaskStatus.CREATED, null));
            return true;
        });
    }

    /** Dispatches a waiting task again, for a dispatch this worker read but cannot take (it is shutting down). */
    public void redispatch(UUID taskId) throws SQLException {
        inTransaction(connection -> {
            publish(connection, Topics.TASKS, taskId, new TaskDispatch(taskId, Instant.now()));
            return null;
        });
    }

    private static boolean holds(Connection connection, UUID taskId, String workerId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select 1 from tasks where " + HELD + " for update")) {
            lock.setObject(1, taskId);
            lock.setString(2, workerId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next();
            }
        }
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
