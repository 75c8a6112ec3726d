package dev.browseragent.worker.lease;

import dev.browseragent.worker.config.WorkerConfig;
import dev.browseragent.worker.metrics.TaskMetrics;
import dev.browseragent.worker.repository.ReapedTasks;
import dev.browseragent.worker.repository.TaskRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Crash recovery, run by every worker (the rows it works on are locked with {@code skip locked}, so replicas share
 * the work and never reap one task twice): held tasks whose lease expired go back to the queue, or fail once they
 * were interrupted {@code max-attempts} times; dispatched tasks that no worker claimed are dispatched again.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);
    private static final int BATCH = 100;

    private final TaskRepository tasks;
    private final WorkerConfig config;
    private final TaskMetrics taskMetrics;
    private final Counter requeued;
    private final Counter failed;
    private final Counter redispatched;

    public LeaseReaper(TaskRepository tasks, WorkerConfig config, TaskMetrics taskMetrics, MeterRegistry metrics) {
        this.tasks = tasks;
        this.config = config;
        this.taskMetrics = taskMetrics;
        this.requeued = reaperActions(metrics, "requeued");
        this.failed = reaperActions(metrics, "failed");
        this.redispatched = reaperActions(metrics, "redispatched");
    }

    private static Counter reaperActions(MeterRegistry metrics, String action) {
        return Counter.builder("browser_agent.reaper.actions")
                .description("Tasks the reaper recovered: requeued after an expired lease, failed at the attempt"
                        + " limit, or redispatched after a dispatch nobody claimed")
                .tag("action", action)
                .register(metrics);
    }

    @Scheduled(every = "${browser-agent.worker.reaper-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reap() {
        try {
            ReapedTasks reaped = tasks.reapExpiredLeases(config.maxAttempts(), BATCH);
            for (UUID id : reaped.requeued()) {
                LOG.infof("Task %s: its worker stopped responding (lease expired); dispatched again", id);
            }
            for (UUID id : reaped.failed()) {
                LOG.warnf("Task %s: its worker stopped responding %d times; failed", id, config.maxAttempts());
            }
            requeued.increment(reaped.requeued().size());
            failed.increment(reaped.failed().size());
            List<UUID> stale = tasks.redispatchUnclaimed(config.redispatchUnclaimedAfter(), BATCH);
            for (UUID id : stale) {
                LOG.infof("Task %s: dispatched more than %s ago and never claimed; queued for a new dispatch", id,
                        config.redispatchUnclaimedAfter());
            }
            redispatched.increment(stale.size());
            taskMetrics.queued(tasks.countQueued());
        } catch (SQLException e) {
            LOG.warnf("The reaper could not reach the database: %s", e.getMessage());
        }
    }
}
