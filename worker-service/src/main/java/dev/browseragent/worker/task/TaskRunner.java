package dev.browseragent.worker.task;

import dev.browseragent.model.TaskStatus;
import dev.browseragent.worker.agent.AgentResult;
import dev.browseragent.worker.agent.AgentRunner;
import dev.browseragent.worker.agent.AgentStep;
import dev.browseragent.worker.agent.AgentTask;
import dev.browseragent.worker.lease.Lease;
import dev.browseragent.worker.lease.LeaseKeeper;
import dev.browseragent.worker.safety.TaskSafeguards;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Map;

/** Runs one claimed task to its end state: the agent loop, a step row per step, and the final status. */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);

    private final AgentRunner agent;
    private final TaskRepository tasks;
    private final LeaseKeeper leases;
    private final String workerId;
    private final TaskSafeguards safeguards;
    private volatile boolean stopping;

    public TaskRunner(AgentRunner agent, TaskRepository tasks, LeaseKeeper leases, WorkerIdentity identity,
                      TaskSafeguards safeguards) {
        this.agent = agent;
        this.tasks = tasks;
        this.leases = leases;
        this.workerId = identity.id();
        this.safeguards = safeguards;
    }

    public void run(ClaimedTask task) {
        LOG.infof("Running task %s (attempt %d, model %s, at most %d steps)", task.id(), task.attempt(),
                task.llmModel(), task.maxAgentSteps());
        try (Lease lease = leases.hold(task.id())) {
            safeguards.begin(task.id(), task.options());
            AgentResult result = agent.run(agentTask(task), step -> record(task, lease, step));
            if (stopping) {
                giveBack(task);
            } else if (result.success()) {
                end(task, TaskStatus.FINISHED, result.output(), null);
            } else {
                end(task, TaskStatus.FAILED, result.output(), result.failureReason());
            }
        } catch (TaskGivenUp e) {
            LOG.infof("Stopped running task %s: %s", task.id(), e.getMessage());
        } catch (RuntimeException e) {
            if (stopping) {
                giveBack(task);
                return;
            }
            LOG.errorf(e, "Task %s failed unexpectedly", task.id());
            end(task, TaskStatus.FAILED, null, "The worker failed while running the task: " + e.getMessage());
        } finally {
            safeguards.end(task.id());
        }
    }

    /**
     * From now on, runs that end (the worker interrupts them as it shuts down) hand their task back to the queue
     * instead of writing a result, so another worker, or this one after a restart, runs it again.
     */
    void stopRunning() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    private void giveBack(ClaimedTask task) {
        try {
            if (tasks.release(task.id(), workerId)) {
                LOG.infof("Task %s handed back to the queue: this worker is shutting down", task.id());
            }
        } catch (SQLException e) {
            LOG.errorf(e, "Could not hand task %s back while shutting down", task.id());
        }
    }

    /** v1 has no per-task vision switch, so every task allows it and {@code browser-agent.agent.use-vision} decides. */
    private AgentTask agentTask(ClaimedTask task) {
        return new AgentTask(task.id(), task.task(), task.llmModel(), task.maxAgentSteps(),
                task.options().browserViewportWidth(), task.options().browserViewportHeight(), true,
                task.options().highlightElements(), task.options().structuredOutputJson(),
                task.options().includedFileNames());
    }

    private void record(ClaimedTask task, Lease lease, AgentStep step) {
        if (lease.isRevoked()) {
            throw new TaskGivenUp(task.id());
        }
        try {
            if (!tasks.recordStep(task.id(), workerId, safeguards.redact(task.id(), step))) {
                throw new TaskGivenUp(task.id());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record step " + step.number() + ": " + e.getMessage(), e);
        }
    }

    private void end(ClaimedTask task, TaskStatus status, String output, String failureReason) {
        try {
            if (tasks.finish(task.id(), workerId, status, safeguards.redact(task.id(), output),
                    safeguards.redact(task.id(), failureReason))) {
                LOG.infof("Task %s %s%s", task.id(), status.wireName(), failureReason == null ? "" : ": " + failureReason);
            } else {
                LOG.infof("Task %s ended here but is no longer held by this worker; its result is dropped", task.id());
            }
        } catch (SQLException e) {
            // The lease then expires and the task is recovered from there; nothing more can be done here.
            LOG.errorf(e, "Could not write the end state of task %s", task.id());
        }
    }
}
