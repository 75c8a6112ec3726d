package dev.browseragent.local;

import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.KafkaServer;
import dev.browseragent.embedded.PostgresServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: PostgreSQL and Kafka in this JVM's care, the API and the worker as child
 * processes. {@link #start()} brings them up in that order and waits until both services are ready;
 * {@link #close()} stops them in the reverse order and leaves no process behind.
 * <p>
 * Used by {@link LocalStackMain} and in-process by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String PUBLIC_BASE_URL = "BROWSER_AGENT_PUBLIC_BASE_URL";

    private final LocalStackConfig config;
    private final PrintStream console;
    private final int apiPort;
    private final int apiManagementPort;
    private final int workerManagementPort;
    private final int postgresPort;
    private final int kafkaPort;
    private final ServicePidFiles pidFiles;
    /** What has been started, newest first: closing walks it from the top. */
    private final Deque<Started> started = new ArrayDeque<>();
    private final Object closeLock = new Object();
    private volatile boolean closing;
    private String apiKey;
    private PostgresServer postgres;
    private KafkaServer kafka;
    private ServiceProcess api;
    private ServiceProcess worker;

    /** Chooses the ports (free ones where the config says 0); starts nothing yet. */
    public LocalStack(LocalStackConfig config, PrintStream console) {
        this.config = config;
        this.console = console;
        this.apiPort = FreePorts.orFree(config.apiPort());
        this.apiManagementPort = FreePorts.orFree(config.apiManagementPort());
        this.workerManagementPort = FreePorts.orFree(config.workerManagementPort());
        this.postgresPort = FreePorts.orFree(config.postgresPort());
        this.kafkaPort = FreePorts.orFree(config.kafkaPort());
        this.pidFiles = new ServicePidFiles(config.stateDirectory());
    }

    public LocalStack(LocalStackConfig config) {
        this(config, System.out);
    }

    /**
     * Starts PostgreSQL, Kafka, the API and the worker, and waits until both services are ready.
     *
     * @throws LocalStackException saying what failed; whatever had started is stopped again
     */
    public void start() {
        try {
            checkBuilt();
            Path state = createDirectories(config.stateDirectory());
            started(StateDirectoryLock.acquire(state)::close);
            // What a launcher killed with SIGKILL left running would hold the ports.
            pidFiles.stopLeftovers(STOP_GRACE);
            PostgresServer.stopLeftoverPostmaster(state.resolve("postgres"));
            checkPortsFree();
            apiKey = BootstrapApiKey.resolve(config.bootstrapApiKey(), state);

            startPostgres();
            // The current server, which a test that restarts PostgreSQL replaces.
            started(() -> postgres.close());

            kafka = KafkaServer.builder().logDirectory(state.resolve("kafka")).port(kafkaPort).start();
            started(kafka::close);

            // The API applies the schema migrations at start, so the worker only starts once the API is ready.
            api = apiService("api", apiPort, apiManagementPort);
            startAndAwaitReady(api);
            worker = service("worker", "worker-service", workerManagementPort, Map.of());
            startAndAwaitReady(worker);
        } catch (RuntimeException e) {
            boolean stoppedFromOutside = closing; // a shutdown hook's close() makes the step in progress fail
            close();
            if (stoppedFromOutside) {
                throw stoppedWhileStarting();
            }
            throw e instanceof LocalStackException failure ? failure : new LocalStackException(oneLine(e), e);
        }
    }

    /** The base URL of the v1 API, e.g. {@code http://127.0.0.1:8080/api/v1}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort + "/api/v1";
    }

    /** The bootstrap API key (known after {@link #start()}). */
    public String apiKey() {
        return apiKey;
    }

    public Path stateDirectory() {
        return config.stateDirectory();
    }

    /** The broker, e.g. for a test that stops it and starts it again on the same port. */
    public KafkaServer kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Stops PostgreSQL, e.g. for a test of a database outage; {@link #startPostgres()} brings it back. */
    public void stopPostgres() {
        postgres.close();
    }

    /** Starts PostgreSQL (again) on the same port and data directory. */
    public void startPostgres() {
        postgres = PostgresServer.start(config.stateDirectory().resolve("postgres"), postgresPort);
    }

    /** The worker's management port (health and metrics). */
    public int workerManagementPort() {
        return workerManagementPort;
    }

    /** The worker's process, e.g. for a test that kills it (a crash) and starts it again. */
    public ServiceProcess worker() {
        return worker;
    }

    /**
     * Starts one more worker process on the stack (e.g. for a test that needs several), stopped with the stack.
     *
     * @param managementPort its management port (health and metrics)
     * @param environment    added on top of the stack's environment for this worker only
     */
    public ServiceProcess startWorker(String name, int managementPort, Map<String, String> environment) {
        ServiceProcess extra = service(name, "worker-service", managementPort, environment);
        startAndAwaitReady(extra);
        return extra;
    }

    /**
     * Starts one more API process on the stack (e.g. for a test of several replicas), configured like the first and
     * stopped with the stack.
     *
     * @param port           its HTTP port
     * @param managementPort its management port (health and metrics)
     */
    public ServiceProcess startApi(String name, int port, int managementPort) {
        ServiceProcess extra = apiService(name, port, managementPort);
        startAndAwaitReady(extra);
        return extra;
    }

    /** The lines {@link LocalStackMain} prints once the stack is ready. */
    public String banner() {
        return String.join(System.lineSeparator(),
                "Browser Agent is running.",
                "  API:      " + apiUrl(),
                "  Console:  http://127.0.0.1:" + apiPort + "/console/",
                "  API key:  " + apiKey,
                "  State:    " + config.stateDirectory(),
                "Press Ctrl-C to stop.");
    }

    /** Completes with the service whose process exits first (after a stop, or on its own). */
    public CompletableFuture<ServiceProcess> anyServiceExit() {
        return CompletableFuture.anyOf(api.onExit(), worker.onExit())
                .thenApply(exited -> api.isAlive() ? worker : api);
    }

    public boolean isClosing() {
        return closing;
    }

    /** Stops the worker, the API, Kafka and PostgreSQL, in that order. Safe to call more than once, from any thread. */
    @Override
    public void close() {
        closing = true;
        // One closer at a time: a second caller (the shutdown hook during a failed start) waits until all is stopped.
        synchronized (closeLock) {
            Started next;
            while ((next = nextToStop()) != null) {
                try {
                    next.stop();
                } catch (RuntimeException e) {
                    LOG.warn("While stopping: {}", oneLine(e));
                }
            }
        }
    }

    private Started nextToStop() {
        synchronized (started) {
            return started.pollFirst();
        }
    }

    /** Links the API hands out (uploads, files, screenshots) point at its own port, unless the user set them. */
    private String publicBaseUrl(int apiPort) {
        return Optional.ofNullable(config.extraEnvironment().get(PUBLIC_BASE_URL))
                .or(() -> Optional.ofNullable(System.getenv(PUBLIC_BASE_URL)))
                .orElse("http://127.0.0.1:" + apiPort);
    }

    private ServiceProcess apiService(String name, int port, int managementPort) {
        // A stack on a developer's machine answers only that machine.
        return service(name, "api-service", managementPort, Map.of(PUBLIC_BASE_URL, publicBaseUrl(port),
                "BROWSER_AGENT_HTTP_PORT", String.valueOf(port), "BROWSER_AGENT_HTTP_HOST", "127.0.0.1"));
    }

    private ServiceProcess service(String name, String module, int managementPort,
                                   Map<String, String> ownEnvironment) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        // The JVM options the module's container image uses, if it has any (the worker does).
        Path jvmOptions = config.repoRoot().resolve(module).resolve("src/main/jvm/jvm.options");
        if (Files.isRegularFile(jvmOptions)) {
            command.add("@" + jvmOptions);
        }
        command.addAll(List.of("-jar", quarkusRunJar(module).toString()));
        Map<String, String> environment = new LinkedHashMap<>(config.extraEnvironment());
        environment.put("BROWSER_AGENT_DATABASE_URL", postgres.url());
        environment.put("BROWSER_AGENT_DATABASE_USERNAME", postgres.username());
        environment.put("BROWSER_AGENT_DATABASE_PASSWORD", postgres.password());
        environment.put("BROWSER_AGENT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("BROWSER_AGENT_BOOTSTRAP_API_KEY", apiKey);
        EncryptionKeyRing.addTo(environment, config.stateDirectory());
        // This process's own settings win, even over how it reaches the database (a test may route it elsewhere).
        environment.putAll(ownEnvironment);
        environment.put("BROWSER_AGENT_MANAGEMENT_PORT", String.valueOf(managementPort));
        if (module.equals("worker-service")) {
            // Each worker's live view on a port of its own, which only this machine (the API) reaches.
            environment.putIfAbsent("BROWSER_AGENT_LIVE_PORT", String.valueOf(FreePorts.find()));
            environment.put("BROWSER_AGENT_LIVE_HOST", "127.0.0.1");
        }
        // Health and metrics too answer only this machine.
        environment.put("BROWSER_AGENT_MANAGEMENT_HOST", "127.0.0.1");
        Path logFile = config.stateDirectory().resolve("logs").resolve(name + ".log");
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
        // The state directory as working directory: whatever a service writes to a relative path stays there.
        return new ServiceProcess(name, command, environment, config.stateDirectory(), logFile, ready, console);
    }

    private void startAndAwaitReady(ServiceProcess service) {
        if (closing) {
            throw stoppedWhileStarting();
        }
        service.start();
        pidFiles.record(service);
        started(() -> {
            service.stop(STOP_GRACE);
            pidFiles.forget(service);
        });
        service.awaitReady(READY_TIMEOUT);
    }

    /** Records something to stop on close; if close has begun meanwhile, stops it right away. */
    private void started(Started component) {
        synchronized (started) {
            if (!closing) {
                started.addFirst(component);
                return;
            }
        }
        component.stop();
        throw stoppedWhileStarting();
    }

    private void checkBuilt() {
        for (String module : List.of("api-service", "worker-service")) {
            Path jar = quarkusRunJar(module);
            if (!Files.isRegularFile(jar)) {
                throw new LocalStackException(module + " is not built (" + jar + " is missing): run ./mvnw -DskipTests package in "
                        + config.repoRoot());
            }
        }
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("API (BROWSER_AGENT_API_PORT)", apiPort);
        ports.put("API's management interface (BROWSER_AGENT_API_MANAGEMENT_PORT)", apiManagementPort);
        ports.put("worker's management interface (BROWSER_AGENT_WORKER_MANAGEMENT_PORT)", workerManagementPort);
        ports.put("PostgreSQL (BROWSER_AGENT_POSTGRES_PORT)", postgresPort);
        ports.put("Kafka (BROWSER_AGENT_KAFKA_PORT)", kafkaPort);
        ports.forEach((what, port) -> {
            if (!isFree(port)) {
                throw new LocalStackException("Port " + port + " for the " + what + " is in use: is Browser Agent already"
                        + " running? Stop it, or choose another port");
            }
        });
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path quarkusRunJar(String module) {
        return config.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The services run on the same Java as the launcher. */
    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }

    private static LocalStackException stoppedWhileStarting() {
        return new LocalStackException("Stopped while starting");
    }

    /** The message of the innermost cause, which usually names the actual problem. */
    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String rootMessage = root.getMessage() == null ? root.toString() : root.getMessage();
        return root == e || message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }

    @FunctionalInterface
    private interface Started {
        void stop();
    }
}
