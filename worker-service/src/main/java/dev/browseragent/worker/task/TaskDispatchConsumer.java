package dev.browseragent.worker.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskDispatch;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes task dispatches. A dispatch is only a wake-up: the task is claimed in PostgreSQL (which decides who
 * runs what), the record is acknowledged, and the run goes on in its own thread. When all run slots are busy the
 * consumer waits for one, which holds back further records instead of claiming tasks it cannot start. On
 * shutdown, running tasks and dispatches not yet taken go back to the queue (see {@link #onShutdown}).
 */
@ApplicationScoped
public class TaskDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(TaskDispatchConsumer.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final TaskRepository tasks;
    private final TaskRunner runner;
    private final ObjectMapper json;
    private final WorkerConfig config;
    private final String workerId;
    private final Semaphore slots;
    private final ExecutorService runs;

    public TaskDispatchConsumer(TaskRepository tasks, TaskRunner runner, ObjectMapper json, WorkerConfig config,
                                WorkerIdentity identity) {
        this.tasks = tasks;
        this.runner = runner;
        this.json = json;
        this.config = config;
        this.workerId = identity.id();
        this.slots = new Semaphore(config.maxConcurrentTasks());
        AtomicInteger threads = new AtomicInteger();
        this.runs = Executors.newFixedThreadPool(config.maxConcurrentTasks(),
                job -> new Thread(job, "task-run-" + threads.incrementAndGet()));
    }

    /** A record that is not a dispatch fails here and goes to the dead-letter topic. */
    @Incoming("tasks")
    @Blocking
    public void onDispatch(String record) throws Exception {
        TaskDispatch dispatch = json.readValue(record, TaskDispatch.class);
        if (dispatch.taskId() == null) {
            throw new IllegalArgumentException("A task dispatch without task_id: " + record);
        }
        if (!takeSlot()) {
            // Shutting down: the dispatch goes back through the outbox, for another worker or the next start.
            tasks.redispatch(dispatch.taskId());
            return;
        }
        Optional<ClaimedTask> claimed;
        try {
            claimed = tasks.claim(dispatch.taskId(), workerId, config.leaseDuration());
        } catch (Exception e) {
            slots.release();
            throw e;
        }
        if (claimed.isEmpty()) {
            slots.release();
            LOG.debugf("Dispatch of task %s dropped: it is not waiting to run", dispatch.taskId());
            return;
        }
        runs.execute(() -> {
            try {
                runner.run(claimed.get());
            } finally {
                slots.release();
            }
        });
    }

    /** Waits for a free run slot; false when the worker is shutting down and must not start another run. */
    private boolean takeSlot() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            // Only a shutdown interrupts this wait; the caller answers it by handing the dispatch back, which needs
            // a database connection that an interrupted thread might not get.
            return false;
        }
        if (runner.isStopping()) {
            slots.release();
            return false;
        }
        return true;
    }

    /**
     * On shutdown, while the database is still there: interrupt the runs, which then hand their tasks back to the
     * queue, and wait for them.
     */
    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        runner.stopRunning();
        runs.shutdownNow();
        if (!runs.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warnf("Some task runs did not end within %d s of shutdown; they stay running until their lease expires",
                    SHUTDOWN_GRACE.toSeconds());
        }
    }
}
