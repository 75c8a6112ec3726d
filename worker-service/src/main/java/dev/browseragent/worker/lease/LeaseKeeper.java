package dev.browseragent.worker.lease;

import dev.browseragent.worker.task.TaskRepository;
import dev.browseragent.worker.task.WorkerConfig;
import dev.browseragent.worker.task.WorkerIdentity;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heartbeats for the tasks this worker runs: extends each lease every {@code heartbeat-interval}. When the
 * database says the task is no longer ours (stopped, or taken over after an expired lease), the run is told to
 * give it up, so a stop takes effect within seconds, even during a slow model call.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final TaskRepository tasks;
    private final WorkerConfig config;
    private final String workerId;
    private final Map<UUID, Lease> held = new ConcurrentHashMap<>();

    public LeaseKeeper(TaskRepository tasks, WorkerConfig config, WorkerIdentity identity) {
        this.tasks = tasks;
        this.config = config;
        this.workerId = identity.id();
    }

    /** Starts keeping the lease of a task this worker just claimed. */
    public Lease hold(UUID taskId) {
        Lease lease = new Lease(taskId, held::remove);
        held.put(taskId, lease);
        return lease;
    }

    @Scheduled(every = "${browser-agent.worker.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        for (Lease lease : held.values()) {
            try {
                if (!tasks.extendLease(lease.taskId(), workerId, config.leaseDuration())) {
                    LOG.infof("Task %s is no longer held by this worker; giving it up", lease.taskId());
                    lease.revoke();
                }
            } catch (SQLException e) {
                // The lease runs for several heartbeats; one missed extension is not fatal.
                LOG.warnf("Could not extend the lease of task %s: %s", lease.taskId(), e.getMessage());
            }
        }
    }
}
