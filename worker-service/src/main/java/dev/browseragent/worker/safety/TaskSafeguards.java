package dev.browseragent.worker.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.secret.SealedColumn;
import dev.browseragent.worker.agent.AgentStep;
import dev.browseragent.worker.agent.SessionHooks;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.network.NetworkRules;
import dev.browseragent.worker.secret.ActiveSecrets;
import dev.browseragent.worker.secret.TaskSecrets;
import dev.browseragent.worker.secret.WorkerSecretSealer;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a task's safety and browser options take effect, through a few hooks in the task runner and the agent
 * runner: {@link #begin}/{@link #end} around the run, {@link #attach}/{@link #detach} around the browser's use,
 * and a last redaction of the steps and results the runner records ({@link #redact}); the agent loop itself keeps
 * secret values out of what it sends the model (the session's {@code TaskSecrets}). An agent run that
 * was not begun here (the agent's own tests run it directly) gets no safeguards: every hook leaves it as it is.
 */
@ApplicationScoped
public class TaskSafeguards implements SessionHooks {

    private static final Logger LOG = Logger.getLogger(TaskSafeguards.class);

    private final NetworkRules networkRules;
    private final WorkerSecretSealer sealer;
    private final AgroalDataSource dataSource;
    private final TaskLifecycle lifecycle;
    private final ObjectMapper json;
    private final Map<UUID, Guard> guards = new ConcurrentHashMap<>();

    private record Guard(RunClaim claim, TaskOptions options, TaskSecrets secrets, NetworkRules.TaskNetwork network) {
    }

    public TaskSafeguards(NetworkRules networkRules, WorkerSecretSealer sealer, AgroalDataSource dataSource,
                          TaskLifecycle lifecycle, ObjectMapper json) {
        this.networkRules = networkRules;
        this.sealer = sealer;
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
        this.json = json;
    }

    /**
     * Before the run: opens the task's secrets and works out its network policy.
     *
     * @throws SQLException when the secrets cannot be read (the caller tells an outage from other failures)
     */
    public void begin(RunClaim claim, TaskOptions options) throws SQLException {
        UUID taskId = claim.taskId();
        TaskSecrets secrets = TaskSecrets.of(readSecrets(taskId));
        guards.put(taskId, new Guard(claim, options, secrets, networkRules.forTask(options)));
        ActiveSecrets.add(taskId, secrets);
    }

    /** After the run, whatever its end. */
    public void end(UUID taskId) {
        guards.remove(taskId);
        ActiveSecrets.remove(taskId);
    }

    /**
     * Hands the browser to the task: network policy, secrets, the profile's saved cookies (the pool has already
     * given it the task's viewport).
     */
    @Override
    public void attach(UUID taskId, BrowserSession session) {
        Guard guard = guards.get(taskId);
        if (guard == null) {
            return;
        }
        session.applyNetworkPolicy(guard.network().policy());
        session.useSecrets(guard.secrets());
        profileState(guard, taskId).ifPresent(state -> state.restore(session));
    }

    /** Before the browser closes: the persisted profile's cookies and local storage, and the task's browser_data. */
    @Override
    public void detach(UUID taskId, BrowserSession session) {
        Guard guard = guards.get(taskId);
        if (guard == null) {
            return;
        }
        boolean hasProfile = guard.options().browserProfileId() != null;
        if (!hasProfile && !guard.options().saveBrowserData()) {
            return;
        }
        try {
            BrowserState state = BrowserState.capture(session);
            if (hasProfile) {
                saveProfileState(guard, json.writeValueAsString(state));
            }
            if (guard.options().saveBrowserData()) {
                saveBrowserData(guard.claim(), json.writeValueAsString(Map.of("cookies", state.cookies())));
            }
        } catch (RuntimeException | JsonProcessingException | SQLException e) {
            LOG.warnf("Task %s: could not save the browser's state: %s", taskId, e.getMessage());
        }
    }

    /**
     * The step as it may be recorded: no secret value in any field; the first step also carries the service's
     * notice when the task asked for a proxy this service does not have.
     */
    public AgentStep redact(UUID taskId, AgentStep step) {
        Guard guard = guards.get(taskId);
        if (guard == null) {
            return step;
        }
        TaskSecrets secrets = guard.secrets();
        AgentStep redacted = new AgentStep(step.number(), secrets.redact(step.evaluationPreviousGoal()),
                secrets.redact(step.memory()), secrets.redact(step.nextGoal()), secrets.redact(step.url()),
                secrets.redact(step.actionsJson()), step.screenshotPng(), step.timings(), step.tokens());
        return step.number() == 1 && guard.network().note().isPresent()
                ? redacted.withNotice(guard.network().note().get()) : redacted;
    }

    /** Output or failure reason as it may leave the worker. */
    public String redact(UUID taskId, String text) {
        Guard guard = guards.get(taskId);
        return guard == null ? text : guard.secrets().redact(text);
    }

    private Map<String, String> readSecrets(UUID taskId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select secrets from tasks where id = ?")) {
            select.setObject(1, taskId);
            try (ResultSet row = select.executeQuery()) {
                byte[] sealed = row.next() ? row.getBytes(1) : null;
                return sealed == null ? Map.of()
                        : sealer.sealer().unsealSecrets(sealed, SealedColumn.TASK_SECRETS.row(taskId));
            }
        }
    }

    /** The saved state of the task's profile, when it is persisted, is the task's account's and has any. */
    private Optional<BrowserState> profileState(Guard guard, UUID taskId) {
        if (guard.options().browserProfileId() == null) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select p.browser_state from browser_profiles p join tasks t on t.account_id = p.account_id"
                             + " where p.id = ?::uuid and p.persist and t.id = ?")) {
            select.setString(1, guard.options().browserProfileId());
            select.setObject(2, taskId);
            try (ResultSet row = select.executeQuery()) {
                byte[] sealed = row.next() ? row.getBytes(1) : null;
                if (sealed == null) {
                    return Optional.empty();
                }
                return Optional.of(json.readValue(sealer.sealer().unsealText(sealed, profileRow(guard)), BrowserState.class));
            }
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            LOG.warnf("Task %s: the browser profile's saved state could not be restored: %s", taskId, e.getMessage());
            return Optional.empty();
        }
    }

    private static SealedColumn.Row profileRow(Guard guard) {
        return SealedColumn.PROFILE_BROWSER_STATE.row(UUID.fromString(guard.options().browserProfileId()));
    }

    /** Written only while the run still holds the task, into a profile of the task's account. */
    private void saveProfileState(Guard guard, String state) throws SQLException {
        byte[] sealed = sealer.sealer().sealText(state, profileRow(guard));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = JdbcStatements.prepare(connection, lifecycle.saveProfileState(guard.claim(),
                     UUID.fromString(guard.options().browserProfileId()), sealed));
             ResultSet saved = update.executeQuery()) {
            if (!saved.next()) {
                LOG.warnf("Task %s: the profile's state was not saved: the run no longer holds the task, or the"
                        + " profile is not its account's", guard.claim().taskId());
            }
        }
    }

    /** Sealed for the task's row; written only while the run still holds the task, like every other write of a run. */
    private void saveBrowserData(RunClaim claim, String browserData) throws SQLException {
        byte[] sealed = sealer.sealer().sealText(browserData, SealedColumn.TASK_BROWSER_DATA.row(claim.taskId()));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = JdbcStatements.prepare(connection, lifecycle.saveBrowserData(claim, sealed))) {
            if (update.executeUpdate() == 0) {
                LOG.warnf("Task %s: browser_data not saved, the run no longer holds the task", claim.taskId());
            }
        }
    }
}
