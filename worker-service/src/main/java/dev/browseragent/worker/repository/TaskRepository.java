package dev.browseragent.worker.repository;



import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.NamedStatement;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.worker.agent.AgentStep;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker's reads and writes of tasks, over JDBC, each one a statement of the {@link TaskLifecycle}: the claim,
 * and after it the writes fenced by the {@link RunClaim} (this worker, this attempt, the task still held and its
 * lease not expired), so a task that was stopped, reaped after an expired lease, or handed to another worker is
 * never overwritten; and the reaper's recoveries. Each change is written with its event, in one statement.
 */
@ApplicationScoped
public class TaskRepository {

    /** How long a claim waits for the database before it fails. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final AgroalDataSource dataSource;
    private final TaskLifecycle lifecycle;
    private final ObjectMapper json;

    public TaskRepository(AgroalDataSource dataSource, TaskLifecycle lifecycle, ObjectMapper json) {
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
        this.json = json;
    }

    /**
     * Takes a {@code created} task for this worker as its next attempt. Empty when the task is already claimed,
     * finished, stopped or unknown: then the dispatch is simply dropped.
     *
     * @param liveAddress where this worker serves the task's live view, null when it serves none
     */
    public Optional<ClaimedTask> claim(UUID taskId, String workerId, String liveAddress, Duration lease)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            // A database that hangs (a network partition) fails the claim within the timeout, so the dispatch
            // consumer can hand its partitions to workers that reach the database; a broken connection is discarded.
            connection.setNetworkTimeout(Runnable::run, (int) CLAIM_TIMEOUT.toMillis());
            try (PreparedStatement claim = JdbcStatements.prepare(connection, lifecycle.claim(taskId, workerId, liveAddress,
                    lease));
                 ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ClaimedTask(new RunClaim(taskId, workerId, row.getInt("attempt")),
                        row.getString("task"), row.getString("llm_model"), row.getInt("max_agent_steps"),
                        readOptions(row.getString("options")), row.getString("resume_url")));
            } finally {
                if (!connection.isClosed()) {
                    connection.setNetworkTimeout(Runnable::run, 0);
                }
            }
        }
    }

    /**
     * Extends the leases of this worker's runs in one statement, waiting at most {@code timeout} for the database,
     * and reads what the API asks of each task: {@code running} or {@code paused}, and whether a person holds its
     * browser. A run missing from the answer no longer holds its task (stopped, finished, or reaped after its lease
     * expired).
     */
    public Map<UUID, HeldTask> heartbeat(Collection<RunClaim> claims, Duration lease, Duration timeout)
            throws SQLException {
        Map<UUID, HeldTask> held = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = JdbcStatements.prepare(connection, lifecycle.heartbeat(claims, lease))) {
            update.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    held.put(rows.getObject(1, UUID.class),
                            new HeldTask(TaskStatus.fromWireName(rows.getString(2)), rows.getBoolean(3)));
                }
            }
        }
        return held;
    }

    /**
     * What the API asks of a task this worker holds.
     *
     * @param status     {@code running} or {@code paused}
     * @param controlled a person holds the browser (the task is paused meanwhile)
     */
    public record HeldTask(TaskStatus status, boolean controlled) {
    }

    /**
     * Records a step of this attempt, with the storage key of its screenshot ({@code null} for none); false when the
     * claim no longer holds.
     */
    public boolean recordStep(RunClaim claim, AgentStep step, String screenshotKey) throws SQLException {
        return returnsARow(lifecycle.recordStep(claim, new TaskLifecycle.StepRow(step.number(),
                step.evaluationPreviousGoal(), step.memory(), step.nextGoal(), step.url(), step.actionsJson(),
                screenshotKey, step.timings().observeMillis(), step.timings().modelMillis(),
                step.timings().actMillis(), step.tokens().inputTokens(), step.tokens().outputTokens())));
    }

    /**
     * Writes an end state ({@code finished}, {@code failed}, or {@code stopped} by the worker itself, e.g. after too
     * long a pause) if the claim still holds.
     */
    public boolean finish(RunClaim claim, TaskStatus status, String output, String failureReason) throws SQLException {
        return returnsARow(lifecycle.end(claim, status, output, failureReason));
    }

    /**
     * Hands a task back to the queue, as when the worker shuts down mid-run: {@code created} again, to be dispatched
     * anew. False when the claim no longer holds.
     */
    public boolean release(RunClaim claim) throws SQLException {
        return returnsARow(lifecycle.handBack(claim));
    }

    /**
     * Recovers held tasks whose lease expired (their worker died or lost the database): below {@code maxAttempts}
     * attempts they wait again and are dispatched anew; at it they fail with a reason. Rows another reaper is
     * handling are skipped, so replicas never reap the same task twice.
     */
    public ReapedTasks reapExpiredLeases(int maxAttempts, int batchSize) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<UUID> requeued = new ArrayList<>();
                List<UUID> failed = new ArrayList<>();
                try (PreparedStatement expired = JdbcStatements.prepare(connection, lifecycle.expiredLeases(batchSize));
                     ResultSet rows = expired.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        int attempt = rows.getInt(2);
                        // A paused task is parked by the requeue, whatever its attempts: it was not running.
                        boolean lastAttempt = attempt >= maxAttempts && "running".equals(rows.getString(3));
                        execute(connection, lastAttempt ? lifecycle.failExpired(id, attempt) : lifecycle.requeueExpired(id));
                        (lastAttempt ? failed : requeued).add(id);
                    }
                }
                connection.commit();
                return new ReapedTasks(requeued, failed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Dispatches again the {@code created} tasks whose dispatch is older than {@code unclaimedFor} and that no worker
     * claimed (the record was lost, or read by a worker that died before claiming). Returns their ids.
     */
    public List<UUID> redispatchUnclaimed(Duration unclaimedFor, int batchSize) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = JdbcStatements.prepare(connection,
                     lifecycle.redispatchUnclaimed(unclaimedFor, batchSize));
             ResultSet rows = update.executeQuery()) {
            List<UUID> stale = new ArrayList<>();
            while (rows.next()) {
                stale.add(rows.getObject(1, UUID.class));
            }
            return stale;
        }
    }

    /**
     * Whether the token opens a live view of a task this worker holds: empty when it does not; else true for the task's
     * live token (the viewer may take control), false for its share token (read-only).
     */
    public Optional<Boolean> liveViewerMayControl(UUID taskId, String workerId, String token) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = JdbcStatements.prepare(connection, lifecycle.liveViewer(taskId, workerId, token));
             ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(row.getBoolean("may_control")) : Optional.empty();
        }
    }

    /** Whether a person holds control of this worker's task now (it is paused for them). */
    public boolean controlHeld(UUID taskId, String workerId) throws SQLException {
        return returnsARow(lifecycle.controlHeld(taskId, workerId));
    }

    /** Tasks waiting to run ({@code created}), for the metrics. */
    public long countQueued() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = JdbcStatements.prepare(connection, lifecycle.countQueued());
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private boolean returnsARow(NamedStatement.Bound bound) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, bound);
        }
    }

    private static boolean execute(Connection connection, NamedStatement.Bound bound) throws SQLException {
        try (PreparedStatement statement = JdbcStatements.prepare(connection, bound);
             ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    private TaskOptions readOptions(String options) throws SQLException {
        try {
            return json.readValue(options, TaskOptions.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored task options are not readable: " + e.getOriginalMessage(), e);
        }
    }
}
