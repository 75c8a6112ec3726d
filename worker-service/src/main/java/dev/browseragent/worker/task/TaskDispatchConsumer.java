package dev.browseragent.worker.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskDispatch;
import dev.browseragent.model.Topics;
import dev.browseragent.worker.config.KafkaConfig;
import dev.browseragent.worker.config.WorkerConfig;
import dev.browseragent.worker.lease.LeaseKeeper;
import dev.browseragent.worker.metrics.TaskMetrics;
import dev.browseragent.worker.repository.ClaimedTask;
import dev.browseragent.worker.repository.TaskRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes task dispatches from Kafka, one at a time, on its own thread. A dispatch is only a wake-up: the task is
 * claimed in PostgreSQL (which decides who runs what), the record's offset is committed once the dispatch is claimed
 * or dropped, and the run goes on in one of this worker's run slots ({@code max-concurrent-tasks} threads, never the
 * event loop).
 * <p>
 * While every slot is busy this worker leaves the consumer group, so the partitions it held go to workers with a
 * free slot and no dispatch waits behind a busy worker; it joins again as soon as a slot frees. Records are fetched
 * one per poll and nothing is held between polls, so a minute-long task never keeps a record unprocessed and
 * {@code max.poll.interval.ms} never expires.
 * <p>
 * A record that is not a dispatch goes to {@code tasks-dead-letter}. A claim that fails on a database error is
 * retried with back-off, never dropped, and meanwhile this worker is out of the group, so the partitions it held go to
 * workers that reach the database. On SIGTERM the worker takes nothing more, lets its runs go on for
 * {@code shutdown-grace}, then hands the rest back to the queue.
 * <p>
 * Written against the plain Kafka client because the messaging connector cannot leave and rejoin the group while
 * the application runs.
 */
@ApplicationScoped
public class TaskDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(TaskDispatchConsumer.class);
    /**
     * Short: with the broker-driven group protocol, kafka-clients 4.1's poll sometimes holds a record that has
     * arrived until its timeout runs out (measured: 130-810 ms from dispatch to claim with 500 ms, 21-41 ms with 50 ms;
     * docs/benchmarks.md, the worker tier), and an idle worker's extra polls cost nothing worth counting: a poll that
     * finds nothing sends no request, the fetch in flight waits at the broker.
     */
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final TaskRepository tasks;
    private final TaskRunner runner;
    private final LeaseKeeper leases;
    private final TaskMetrics metrics;
    private final ObjectMapper json;
    private final WorkerConfig config;
    private final KafkaConfig kafka;
    private final String workerId;
    private final Semaphore slots;
    private final ExecutorService runs;
    private final Thread consumerThread;
    private final WorkerIdentity identity;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, String> consumer;

    public TaskDispatchConsumer(TaskRepository tasks, TaskRunner runner, LeaseKeeper leases, TaskMetrics metrics,
                                ObjectMapper json, WorkerConfig config, KafkaConfig kafka, WorkerIdentity identity) {
        this.tasks = tasks;
        this.runner = runner;
        this.leases = leases;
        this.metrics = metrics;
        this.json = json;
        this.config = config;
        this.kafka = kafka;
        this.identity = identity;
        this.workerId = identity.id();
        this.slots = new Semaphore(config.maxConcurrentTasks());
        AtomicInteger threads = new AtomicInteger();
        this.runs = Executors.newFixedThreadPool(config.maxConcurrentTasks(),
                job -> new Thread(job, "task-run-" + threads.incrementAndGet()));
        this.consumerThread = new Thread(this::consume, "task-dispatch-consumer");
    }

    void onStart(@Observes StartupEvent event) {
        consumerThread.start();
    }

    /** False once the thread that takes dispatches died, which only a bug can cause: the worker is then not alive. */
    public boolean isConsuming() {
        return consumerThread.isAlive() || stopping;
    }

    private void consume() {
        try (KafkaProducer<String, String> deadLetters = new KafkaProducer<>(producerConfig())) {
            createTopics();
            while (!stopping) {
                if (!awaitFreeSlot()) {
                    continue;
                }
                try {
                    ensureSubscribed();
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        handle(record, deadLetters);
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll up
                } catch (RuntimeException e) {
                    LOG.warnf("Taking dispatches failed (%s); joining again", e.toString());
                    leaveGroup();
                    pause(FIRST_RETRY);
                }
            }
        } finally {
            leaveGroup();
        }
    }

    /**
     * Waits until a run slot is free; while none is, this worker is out of the consumer group. Returns false to make
     * the loop check {@link #stopping} again.
     */
    private boolean awaitFreeSlot() {
        if (slots.availablePermits() > 0) {
            return true;
        }
        if (consumer != null) {
            LOG.debug("All run slots busy: leaving the consumer group so other workers take the dispatches");
            leaveGroup();
        }
        try {
            if (slots.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return false;
    }

    private void handle(ConsumerRecord<String, String> record, KafkaProducer<String, String> deadLetters) {
        Optional<UUID> taskId = taskId(record.value());
        if (taskId.isEmpty()) {
            LOG.warnf("A record on %s at offset %d is not a task dispatch; parked on %s", record.topic(),
                    record.offset(), Topics.TASKS_DEAD_LETTER);
            try {
                deadLetters.send(new ProducerRecord<>(Topics.TASKS_DEAD_LETTER, record.key(), record.value())).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not park a malformed record on " + Topics.TASKS_DEAD_LETTER, e);
            }
            commit(record);
            return;
        }
        slots.acquireUninterruptibly();
        Optional<ClaimedTask> claimed;
        try {
            claimed = claimWithRetries(taskId.get());
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        if (claimed == null) {
            slots.release(); // shutting down while the database was away: the record stays for another worker
            return;
        }
        if (consumer != null) {
            commit(record);
        }
        if (claimed.isEmpty()) {
            slots.release();
            LOG.debugf("Dispatch of task %s dropped: it is not waiting to run", taskId.get());
            return;
        }
        metrics.claimed();
        runs.execute(() -> {
            try {
                runner.run(claimed.get());
            } finally {
                slots.release();
            }
        });
    }

    /**
     * The claim, retried with back-off while the database fails; null when the worker stops meanwhile. On the first
     * failure this worker leaves the consumer group: a database this worker cannot reach (a partition, a hung
     * connection) must not hold the dispatches of its partitions, which then go, this record included (uncommitted),
     * to workers that can claim them. Whoever claims first runs the task; the other's claim finds it taken.
     */
    private Optional<ClaimedTask> claimWithRetries(UUID taskId) {
        Duration wait = FIRST_RETRY;
        while (!stopping) {
            try {
                return tasks.claim(taskId, workerId, identity.liveAddress(), config.leaseDuration());
            } catch (SQLException e) {
                if (consumer != null) {
                    LOG.warnf("Could not claim task %s (%s): leaving the consumer group until the database answers",
                            taskId, e.getMessage());
                    leaveGroup();
                }
                LOG.warnf("Could not claim task %s (%s); trying again in %d ms", taskId, e.getMessage(), wait.toMillis());
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            }
        }
        return null;
    }

    private Optional<UUID> taskId(String record) {
        try {
            TaskDispatch dispatch = json.readValue(record, TaskDispatch.class);
            return Optional.ofNullable(dispatch.taskId());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A failed commit (the partition just moved to another worker) is only logged: the record may then be read
     * again, and the claim drops it; what was claimed still runs.
     */
    private void commit(ConsumerRecord<String, String> record) {
        try {
            consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        } catch (RuntimeException e) {
            LOG.infof("Could not commit the offset of a dispatch on %s-%d (%s); it may be read again", record.topic(),
                    record.partition(), e.toString());
        }
    }

    private void ensureSubscribed() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(consumerConfig());
            consumer.subscribe(List.of(Topics.TASKS));
        }
    }

    private void leaveGroup() {
        KafkaConsumer<String, String> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the Kafka consumer: %s", e.toString());
            }
        }
    }

    /** The topics with their configured partition counts; kept as they are when they exist. Retried until Kafka answers. */
    private void createTopics() {
        List<NewTopic> wanted = List.of(
                new NewTopic(Topics.TASKS, kafka.tasksPartitions(), kafka.replicationFactor()),
                new NewTopic(Topics.TASK_EVENTS, kafka.taskEventsPartitions(), kafka.replicationFactor()),
                new NewTopic(Topics.TASKS_DEAD_LETTER, 1, kafka.replicationFactor()));
        Duration wait = FIRST_RETRY;
        while (!stopping) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                    LOG.infof("Created the Kafka topics %s", missing.stream().map(NewTopic::name).toList());
                }
                return;
            } catch (Exception e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                    return; // another worker created them at the same moment
                }
                LOG.warnf("Could not check the Kafka topics (%s%s); trying again", e,
                        e.getCause() == null ? "" : ": " + e.getCause());
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            }
        }
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroup(),
                // The broker-driven protocol: a worker leaving or joining moves only the partitions that must move.
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM: take no more dispatches, let the runs go on for {@code shutdown-grace}, then hand the rest back (a run
     * whose agent already has its result writes it). Observed before the browser pool closes its browsers.
     */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        consumerThread.join(TimeUnit.SECONDS.toMillis(5));
        runs.shutdown();
        if (!runs.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.infof("Handing back the tasks still running after %s of shutdown", config.shutdownGrace());
            leases.handBackAll();
            // Short: the platform kills the process soon after the grace period (a run still starting its browser
            // cannot be cut short; its lease then expires and the reaper recovers the task).
            if (!runs.awaitTermination(3, TimeUnit.SECONDS)) {
                LOG.warn("Some task runs did not end after being handed back; their leases expire and the reaper"
                        + " recovers them");
            }
        }
    }
}
