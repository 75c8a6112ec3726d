package dev.browseragent.worker.task;

import dev.browseragent.model.TaskStatus;
import dev.browseragent.worker.agent.AgentResult;
import dev.browseragent.worker.agent.AgentRunner;
import dev.browseragent.worker.agent.AgentStep;
import dev.browseragent.worker.agent.AgentTask;
import dev.browseragent.worker.agent.StepListener;
import dev.browseragent.worker.failure.FailureReasons;
import dev.browseragent.worker.lease.Lease;
import dev.browseragent.worker.lease.LeaseKeeper;
import dev.browseragent.worker.metrics.TaskMetrics;
import dev.browseragent.worker.repository.ClaimedTask;
import dev.browseragent.worker.repository.DatabaseOutage;
import dev.browseragent.worker.repository.TaskRepository;
import dev.browseragent.worker.safety.TaskSafeguards;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Runs one claimed task to its end state: the agent loop under the task's lease, a step row per step (its screenshot
 * in the object store), and the final status. A run the lease abandoned (stopped, taken over, out of time) writes
 * nothing more. A run cut short by the worker's shutdown hands its task back, unless the agent already has its result,
 * which is then written. The run's writes ride out a database outage shorter than the lease ({@link #retriedWhileHeld}).
 */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    /** How long a database call of the run waits before it tries again while the database is away. */
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(500);

    private final AgentRunner agent;
    private final TaskRepository tasks;
    private final LeaseKeeper leases;
    private final TaskMetrics metrics;
    private final Tracer tracer;
    private final TaskSafeguards safeguards;
    private final StepScreenshots screenshots;

    public TaskRunner(AgentRunner agent, TaskRepository tasks, LeaseKeeper leases, TaskMetrics metrics, Tracer tracer,
                      TaskSafeguards safeguards, StepScreenshots screenshots) {
        this.agent = agent;
        this.tasks = tasks;
        this.leases = leases;
        this.metrics = metrics;
        this.tracer = tracer;
        this.safeguards = safeguards;
        this.screenshots = screenshots;
    }

    public void run(ClaimedTask task) {
        LOG.infof("Running task %s (attempt %d, model %s, at most %d steps)", task.id(), task.attempt(),
                task.llmModel(), task.maxAgentSteps());
        Span span = tracer.spanBuilder("task").setAttribute("task.id", task.id().toString())
                .setAttribute("task.attempt", task.attempt()).startSpan();
        try (Scope ignored = span.makeCurrent(); Lease lease = leases.hold(task.claim())) {
            metrics.running().incrementAndGet();
            if (begin(task, lease)) {
                runHeld(task, lease);
            }
        } finally {
            safeguards.end(task.id());
            metrics.running().decrementAndGet();
            span.end();
        }
    }

    /**
     * Opens the task's secrets and network policy, through a database outage shorter than the lease; a task that
     * cannot have them otherwise fails with a reason at once, not three attempts later.
     */
    private boolean begin(ClaimedTask task, Lease lease) {
        try {
            return retriedWhileHeld(task, lease, "read its secrets", () -> {
                safeguards.begin(task.claim(), task.options());
                return true;
            });
        } catch (Lease.Abandoned e) {
            handBackOrLeave(task, lease, e.getMessage());
        } catch (IOException | SQLException | RuntimeException e) {
            end(task, lease, TaskStatus.FAILED, null, FailureReasons.notStarted(task.id(), e));
        }
        return false;
    }

    private void runHeld(ClaimedTask task, Lease lease) {
        AgentResult result;
        try {
            result = agent.run(agentTask(task), new RunListener(task, lease));
        } catch (Lease.Abandoned e) {
            handBackOrLeave(task, lease, e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (lease.isAbandoned()) {
                handBackOrLeave(task, lease, lease.abandonedBecause());
                return;
            }
            end(task, lease, TaskStatus.FAILED, null, FailureReasons.runFailed(task.id(), e));
            return;
        }
        if (result.output() == null && lease.isAbandoned()) {
            handBackOrLeave(task, lease, lease.abandonedBecause());
        } else if (result.success()) {
            end(task, lease, TaskStatus.FINISHED, result.output(), null);
        } else {
            end(task, lease, TaskStatus.FAILED, result.output(), result.failureReason());
        }
    }

    /** After the run was abandoned: a shutdown hands the task back; a stop or take-over leaves it as it is. */
    private void handBackOrLeave(ClaimedTask task, Lease lease, String because) {
        if (!lease.isHandingBack()) {
            LOG.infof("Stopped running task %s: %s", task.id(), because);
            metrics.ended("abandoned");
            return;
        }
        try {
            if (tasks.release(task.claim())) {
                LOG.infof("Task %s given up, this worker is shutting down: back to the queue if it was running, still"
                        + " paused if it was paused", task.id());
                metrics.ended("handed_back");
            }
        } catch (SQLException e) {
            LOG.errorf(e, "Could not hand task %s back; it is recovered when its lease expires", task.id());
        }
    }

    /** v1 has no per-task vision switch, so every task allows it and {@code browser-agent.agent.use-vision} decides. */
    private AgentTask agentTask(ClaimedTask task) {
        return new AgentTask(task.id(), task.task(), task.llmModel(), task.maxAgentSteps(),
                task.options().browserViewportWidth(), task.options().browserViewportHeight(), true,
                task.options().highlightElements(), task.options().structuredOutputJson(),
                task.options().includedFileNames(), task.resumeUrl(), task.options().search());
    }

    private void end(ClaimedTask task, Lease lease, TaskStatus status, String output, String failureReason) {
        try {
            if (retriedWhileHeld(task, lease, "write the end state", () -> tasks.finish(task.claim(), status,
                    safeguards.redact(task.id(), output), safeguards.redact(task.id(), failureReason)))) {
                LOG.infof("Task %s %s%s", task.id(), status.wireName(), failureReason == null ? "" : ": " + failureReason);
                metrics.ended(status.wireName());
            } else {
                LOG.infof("Task %s ended here but is no longer held by this attempt; its result is dropped", task.id());
                metrics.ended("abandoned");
            }
        } catch (Lease.Abandoned e) {
            LOG.infof("Task %s ended here, but the database was away until the run was abandoned; its result is dropped"
                    + " and the task is queued again once its lease expires (%s)", task.id(), e.getMessage());
            metrics.ended("abandoned");
        } catch (IOException | SQLException e) {
            // The lease then expires and the task is recovered from there; nothing more can be done here.
            LOG.errorf(e, "Could not write the end state of task %s", task.id());
        }
    }

    /**
     * A database call of the run (reading its secrets, a step, the end state), tried again while the database is
     * away: a restart or fail-over shorter than the lease costs the run nothing, where failing the task would lose it
     * to a moment's outage. An outage that outlasts the lease makes the lease keeper give the lease up, which ends
     * the wait with {@link Lease.Abandoned}; the reaper then queues the task again. Any other failure is thrown at
     * once.
     */
    private <T> T retriedWhileHeld(ClaimedTask task, Lease lease, String what, RunCall<T> call)
            throws IOException, SQLException {
        boolean waited = false;
        while (true) {
            try {
                T result = call.run();
                if (waited) {
                    LOG.infof("Task %s: could %s once the database was back", task.id(), what);
                }
                return result;
            } catch (IOException | SQLException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                if (!waited) {
                    LOG.warnf("Task %s: could not %s, the database is away (%s); trying again while the lease holds",
                            task.id(), what, e.getMessage());
                    waited = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_INTERVAL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt(); // only an abandoned lease interrupts a run
                }
                if (lease.isAbandoned()) {
                    throw new Lease.Abandoned(task.claim(), lease.abandonedBecause());
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    /** A call to the database on behalf of a run. */
    @FunctionalInterface
    private interface RunCall<T> {
        T run() throws IOException, SQLException;
    }

    /** Records each step under the claim and lets the lease halt (pause) or end (stop) the run between steps. */
    private final class RunListener implements StepListener {

        private final ClaimedTask task;
        private final Lease lease;
        private long stepStarted = System.nanoTime();
        private Instant stepStartedAt = Instant.now();
        /** Set at the checkpoint before a model call; the next checkpoint (before the actions) ends the call. */
        private long modelCallStarted;
        private Instant modelCallStartedAt;

        RunListener(ClaimedTask task, Lease lease) {
            this.task = task;
            this.lease = lease;
        }

        @Override
        public void checkpoint() {
            if (modelCallStarted == 0) {
                modelCallStarted = System.nanoTime();
                modelCallStartedAt = Instant.now();
            } else {
                metrics.modelLatency().record(System.nanoTime() - modelCallStarted, TimeUnit.NANOSECONDS);
                tracer.spanBuilder("model call").setAttribute("task.id", task.id().toString())
                        .setAttribute("llm.model", task.llmModel())
                        .setStartTimestamp(modelCallStartedAt).startSpan().end();
                modelCallStarted = 0;
            }
            lease.checkpoint();
        }

        @Override
        public boolean personActed() {
            return lease.takePersonActed();
        }

        @Override
        public void onStep(AgentStep step) {
            modelCallStarted = 0; // a failed model call has no checkpoint after it
            lease.checkpoint();
            metrics.stepLatency().record(System.nanoTime() - stepStarted, TimeUnit.NANOSECONDS);
            tracer.spanBuilder("step").setAttribute("task.id", task.id().toString())
                    .setAttribute("step.number", step.number())
                    .setStartTimestamp(stepStartedAt).startSpan().end();
            AgentStep redacted = safeguards.redact(task.id(), step);
            boolean recorded;
            try {
                recorded = retriedWhileHeld(task, lease, "record step " + step.number(), () -> record(redacted));
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("Could not record step " + step.number(), e);
            }
            if (!recorded) {
                throw new Lease.Abandoned(task.claim(), "its step could not be recorded: the task is no longer held");
            }
            stepStarted = System.nanoTime();
            stepStartedAt = Instant.now();
        }

        /** The step's screenshot into the object store and its row; the screenshot is removed if the row is not written. */
        private boolean record(AgentStep step) throws IOException, SQLException {
            String screenshotKey = null;
            boolean recorded = false;
            try {
                screenshotKey = screenshots.store(task.claim(), step);
                recorded = tasks.recordStep(task.claim(), step, screenshotKey);
                return recorded;
            } finally {
                if (!recorded) {
                    screenshots.discard(screenshotKey);
                }
            }
        }
    }
}
