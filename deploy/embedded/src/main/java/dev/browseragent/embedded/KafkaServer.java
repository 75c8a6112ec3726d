package dev.browseragent.embedded;

import dev.browseragent.model.Topics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM.
 * <p>
 * It can be {@link #stop() stopped} and {@link #start() started} again on the same port with the same log
 * directory, so tests can check that clients ride out a broker outage. Build one with {@link #builder()}.
 */
public final class KafkaServer implements AutoCloseable {

    /** Partitions of the {@value Topics#TASKS} topic unless the builder says otherwise. */
    public static final int DEFAULT_TASKS_PARTITIONS = 4;
    public static final int TASK_EVENTS_PARTITIONS = 4;
    /** Partitions of the task-submissions and task-submission-results topics. */
    public static final int PIPELINE_TOPIC_PARTITIONS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final Path logDirectory;
    private final boolean deleteLogDirectoryOnClose;
    private final int port;
    private final int controllerPort;
    private final Map<String, Integer> topics;
    private KafkaRaftServer broker;

    private KafkaServer(Builder builder) {
        InfrastructureLogging.quiet();
        this.deleteLogDirectoryOnClose = builder.logDirectory == null;
        this.logDirectory = builder.logDirectory == null ? createTempDirectory() : createDirectories(builder.logDirectory);
        this.port = FreePorts.orFree(builder.port);
        this.controllerPort = FreePorts.find();
        this.topics = Map.copyOf(builder.topics);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker with a temporary log directory on a free port, with the default topics. */
    public static KafkaServer startTemporary() {
        return builder().start();
    }

    /** Starts the broker (again) on the same port and log directory; creates the topics that do not exist yet. */
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        long began = System.nanoTime();
        Properties properties = brokerProperties();
        formatStorageIfNew(properties);
        broker = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            broker.startup();
            createMissingTopics();
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("Kafka did not start on " + bootstrapServers() + " (log in " + logDirectory + ")", e);
        }
        LOG.info("Kafka listening on {} (started in {} ms, log in {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), logDirectory);
    }

    /** Stops the broker and waits for it to release its port; the log directory is kept for a later {@link #start()}. */
    public synchronized void stop() {
        if (broker == null) {
            return;
        }
        KafkaRaftServer stopping = broker;
        broker = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        LOG.info("Kafka on {} stopped", bootstrapServers());
    }

    /** Stops the broker and deletes the log directory if it was a temporary one. */
    @Override
    public void close() {
        stop();
        if (deleteLogDirectoryOnClose) {
            deleteRecursively(logDirectory);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, the value for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private Properties brokerProperties() {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDirectory.toString());
        // One node: every internal topic has a single replica. Few partitions keep start-up and memory small.
        properties.put("default.replication.factor", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "4");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "4");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("share.coordinator.state.topic.num.partitions", "4");
        // Consumers in tests join one at a time; waiting for more members would only slow every test down.
        properties.put("group.initial.rebalance.delay.ms", "0");
        // A worker killed with SIGKILL keeps its partitions until its session times out; on one machine a short
        // timeout lets the others (or its restart) take them over within seconds instead of 45.
        properties.put("group.consumer.min.session.timeout.ms", "6000");
        properties.put("group.consumer.session.timeout.ms", "6000");
        properties.put("group.consumer.min.heartbeat.interval.ms", "1000");
        properties.put("group.consumer.heartbeat.interval.ms", "2000");
        properties.put("auto.create.topics.enable", "true");
        return properties;
    }

    /** Writes meta.properties (with a new cluster id) into a log directory that has none; a used one is kept as it is. */
    private void formatStorageIfNew(Properties properties) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path configFile = null;
        ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        try {
            configFile = Files.createTempFile("kafka-server-", ".properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                properties.store(out, "Written by " + KafkaServer.class.getName());
            }
            String[] arguments = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()};
            int exitCode = StorageTool.execute(arguments, new PrintStream(toolOutput, true, StandardCharsets.UTF_8));
            if (exitCode != 0) {
                throw new IllegalStateException("exit code " + exitCode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka broker configuration", e);
        } catch (Exception e) { // StorageTool is Scala: it may throw checked exceptions it does not declare
            throw new IllegalStateException("Formatting the Kafka log directory " + logDirectory + " failed: "
                    + toolOutput.toString(StandardCharsets.UTF_8).strip(), e);
        } finally {
            deleteQuietly(configFile);
        }
    }

    private void createMissingTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the Kafka topics " + topics.keySet(), e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("kafka-log-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka log directory " + directory, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(KafkaServer::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Could not delete the Kafka log directory {}: {}", directory, e.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", path, e.toString());
        }
    }

    /** Settings for a {@link KafkaServer}; every one has a default. */
    public static final class Builder {

        private Path logDirectory;
        private int port;
        private final Map<String, Integer> topics = new LinkedHashMap<>();

        private Builder() {
            topics.put(Topics.TASKS, DEFAULT_TASKS_PARTITIONS);
            topics.put(Topics.TASK_EVENTS, TASK_EVENTS_PARTITIONS);
            topics.put(Topics.TASK_SUBMISSIONS, PIPELINE_TOPIC_PARTITIONS);
            topics.put(Topics.TASK_SUBMISSION_RESULTS, PIPELINE_TOPIC_PARTITIONS);
            topics.put(Topics.TASK_SUBMISSIONS_DEAD_LETTER, 1);
        }

        /** Where the broker keeps its log; default: a temporary directory deleted on close. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        /** The client port; default 0, a free port (kept across restarts of the same server). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Partitions of the {@value Topics#TASKS} topic, which caps how many workers share the load; default 4. */
        public Builder tasksPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("The " + Topics.TASKS + " topic needs at least one partition");
            }
            topics.put(Topics.TASKS, partitions);
            return this;
        }

        public KafkaServer build() {
            return new KafkaServer(this);
        }

        /** Builds the server and starts it. */
        public KafkaServer start() {
            KafkaServer server = build();
            server.start();
            return server;
        }
    }
}
