package dev.browseragent.worker.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskDispatch;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes task dispatches. A dispatch is only a wake-up: the task is claimed in PostgreSQL (which decides who
 * runs what), the record is acknowledged, and the run goes on in its own thread. When all run slots are busy the
 * consumer waits for one, which holds back further records instead of claiming tasks it cannot start.
 */
@ApplicationScoped
public class TaskDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(TaskDispatchConsumer.class);

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
        slots.acquire();
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

    @PreDestroy
    void shutdown() throws InterruptedException {
        runs.shutdownNow();
        if (!runs.awaitTermination(20, TimeUnit.SECONDS)) {
            LOG.warn("Some task runs did not end within 20 s of shutdown; their leases will expire");
        }
    }
}
