package dev.browseragent.local;

import dev.browseragent.embedded.FreePorts;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The stack an end-to-end test class runs against, registered in a static field
 * ({@code @RegisterExtension static final StackExtension stack = StackExtension.shared();}): the scripted model
 * server, a test site and the packaged services ({@link LocalStack}) with the {@linkplain #standardEnvironment
 * standard environment}, started before the class's first case.
 * <ul>
 * <li>{@link #shared()}: one stack for the whole test JVM, started by the first class that asks for it and kept in
 * the root store, which closes it when the JVM's tests end. Its classes must not disturb each other: each adds its
 * model rules for task texts no other class uses, works in an account of its own ({@link #client()}), and none may
 * stop or restart a service ({@link #services()} refuses).</li>
 * <li>{@link #own}: a stack of the class's own, for a class that kills or restarts services or needs another
 * configuration; stopped after the class.</li>
 * <li>{@link #modelAndSiteOnly()}: the model and the site without services, for a class that starts them itself
 * (the launcher) with {@link #environment()}; stopped after the class.</li>
 * </ul>
 */
final class StackExtension implements BeforeAllCallback {

    static final String ADMIN_TOKEN = "end-to-end-admin-token";
    /** Where the test site serves the search engine's result page of every stack; SearchIT puts one there. */
    static final String SEARCH_PATH = "/search-engine";

    private static final Logger LOG = LoggerFactory.getLogger(StackExtension.class);
    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    /**
     * What the shared stack's classes need besides the standard: files in an S3 bucket (AgentIT and S3StorageIT look
     * into it; the stacks of their own keep the default PostgreSQL backend, so both run end to end), three worker
     * slots (AgentIT runs its cases at once), schedules looked at every second (ScheduleReplicasIT), quick webhook
     * retries and a timeout longer than a test waits (PipelinesIT).
     */
    private static final Map<String, String> SHARED_SETTINGS = Map.of(
            "BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "3",
            // Recording runs Chromium's screencast and ffmpeg for every task: RecordingIT has a stack that records.
            "BROWSER_AGENT_RECORDING_ENABLED", "false",
            "BROWSER_AGENT_SCHEDULES_POLL_INTERVAL", "1s",
            "BROWSER_AGENT_WEBHOOKS_RETRY_BACKOFF", "200ms",
            "BROWSER_AGENT_WEBHOOKS_TIMEOUT", "60s");
    /** Generous, so that a class's own account is limited only where a test sets a limit on purpose. */
    private static final Map<String, Object> CLASS_ACCOUNT_PLAN = Map.of("max_running_tasks", 1000,
            "max_queued_tasks", 100_000, "requests_per_minute", 100_000);

    private enum Kind { SHARED, OWN, MODEL_AND_SITE_ONLY }

    private final Kind kind;
    private final Consumer<LocalStackConfig.Builder> configuration;
    private volatile Fixture fixture;
    private volatile V1Client.Account account;

    private StackExtension(Kind kind, Consumer<LocalStackConfig.Builder> configuration) {
        this.kind = kind;
        this.configuration = configuration;
    }

    /** The one standard stack of the test JVM. */
    static StackExtension shared() {
        return new StackExtension(Kind.SHARED, config -> { });
    }

    /** A stack of the class's own: the standard environment with these changes (later settings win). */
    static StackExtension own(Consumer<LocalStackConfig.Builder> changes) {
        return new StackExtension(Kind.OWN, changes);
    }

    /** The model and the site only: the class starts the services itself. */
    static StackExtension modelAndSiteOnly() {
        return new StackExtension(Kind.MODEL_AND_SITE_ONLY, config -> { });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext scope = kind == Kind.SHARED ? context.getRoot() : context;
        fixture = scope.getStore(NAMESPACE).computeIfAbsent(kind, key -> Fixture.start(kind, configuration), Fixture.class);
        if (fixture.services != null) {
            Map<String, Object> plan = new LinkedHashMap<>(CLASS_ACCOUNT_PLAN);
            plan.put("name", context.getRequiredTestClass().getSimpleName());
            account = new V1Client(fixture.services.apiUrl(), fixture.services.apiKey(), ADMIN_TOKEN).createAccount(plan);
        }
    }

    /** A v1 client with the key of the class's own account. */
    V1Client client() {
        return requireAccount().client();
    }

    String accountId() {
        return requireAccount().id();
    }

    ScriptedModelServer model() {
        return current().model;
    }

    TestSite site() {
        return current().site;
    }

    /** The S3 bucket the shared stack keeps its files in. */
    S3TestBucket bucket() {
        if (current().bucket == null) {
            throw new IllegalStateException("only the shared stack keeps its files in a bucket");
        }
        return fixture.bucket;
    }

    StackDatabase database() {
        return requireServices().database;
    }

    String kafkaBootstrapServers() {
        return requireServices().services.kafka().bootstrapServers();
    }

    /** PostgreSQL data, the Kafka log and the services' logs ({@code logs/api.log}, {@code logs/worker.log}). */
    Path stateDirectory() {
        return requireServices().stateDirectory;
    }

    /** The services of a stack of the class's own, to stop, kill, restart or add to. */
    LocalStack services() {
        if (kind == Kind.SHARED) {
            throw new IllegalStateException("A class on the shared stack must not stop or restart its services:"
                    + " it needs a stack of its own (StackExtension.own)");
        }
        return requireServices().services;
    }

    /**
     * Starts one more API process on the stack, configured like the first, with its log in
     * {@code logs/<name>.log}; adding a process leaves the others alone, so a class on the shared stack may too, and
     * stops it when it is done.
     */
    ServiceProcess startApiReplica(String name) {
        return startApiReplica(name, FreePorts.find());
    }

    /** Another API replica on the stack, serving on {@code port} of the loopback address. */
    ServiceProcess startApiReplica(String name, int port) {
        return requireServices().services.startApi(name, port, FreePorts.find());
    }

    /** The worker's management port (health, metrics): reading it disturbs nobody. */
    int workerManagementPort() {
        return requireServices().services.workerManagementPort();
    }

    /** The standard environment, for a class that starts the services itself. */
    Map<String, String> environment() {
        return current().environment;
    }

    private Fixture current() {
        if (fixture == null) {
            throw new IllegalStateException("the stack starts before the class's first case, not earlier");
        }
        return fixture;
    }

    private Fixture requireServices() {
        if (current().services == null) {
            throw new IllegalStateException("this class starts the services itself");
        }
        return fixture;
    }

    private V1Client.Account requireAccount() {
        requireServices();
        return account;
    }

    /**
     * What every stack's services get: all three model providers pointed at the scripted model, loopback test sites
     * reachable, an admin token, and one URL signing key for all API processes of a stack.
     */
    private static Map<String, String> standardEnvironment(ScriptedModelServer model, TestSite site) {
        Map<String, String> environment = new LinkedHashMap<>();
        // The search engine is the test site's result page (SearchIT), never the internet's.
        environment.put("BROWSER_AGENT_SEARCH_URL_TEMPLATE", site.url(SEARCH_PATH) + "?q={query}");
        environment.put("OPENAI_BASE_URL", model.baseUrl());
        environment.put("OPENAI_API_KEY", "scripted");
        environment.put("ANTHROPIC_BASE_URL", model.anthropicBaseUrl());
        environment.put("ANTHROPIC_API_KEY", "scripted");
        environment.put("GEMINI_BASE_URL", model.geminiBaseUrl());
        environment.put("GEMINI_API_KEY", "scripted");
        environment.put("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true");
        environment.put("BROWSER_AGENT_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.put("BROWSER_AGENT_URL_SIGNING_KEY", "end-to-end-url-signing-key");
        return Map.copyOf(environment);
    }

    /** What the extension started; closing stops it all, the newest first. */
    private static final class Fixture implements AutoCloseable {

        private final Deque<AutoCloseable> started = new ArrayDeque<>();
        private ScriptedModelServer model;
        private TestSite site;
        private Map<String, String> environment;
        private S3TestBucket bucket;
        private Path stateDirectory;
        private LocalStack services;
        private StackDatabase database;

        static Fixture start(Kind kind, Consumer<LocalStackConfig.Builder> changes) {
            Fixture fixture = new Fixture();
            try {
                fixture.model = fixture.started(ScriptedModelServer.start());
                fixture.site = fixture.started(TestSite.start());
                fixture.environment = standardEnvironment(fixture.model, fixture.site);
                if (kind != Kind.MODEL_AND_SITE_ONLY) {
                    fixture.startServices(kind == Kind.SHARED, changes);
                }
                return fixture;
            } catch (RuntimeException e) {
                fixture.close();
                throw e;
            }
        }

        private void startServices(boolean shared, Consumer<LocalStackConfig.Builder> changes) {
            stateDirectory = createTemporaryDirectory();
            started(() -> deleteRecursively(stateDirectory));
            LocalStackConfig.Builder config = LocalStackConfig.builder(REPO_ROOT)
                    .stateDirectory(stateDirectory)
                    .freePorts()
                    .environment(environment)
                    // In the stack's state, not in the machine's temporary directory the workers use by default.
                    .environment("BROWSER_AGENT_BROWSER_PROFILE_ROOT", stateDirectory.resolve("browser-profiles").toString());
            if (shared) {
                bucket = started(startBucket());
                config.environment(SHARED_SETTINGS).environment(bucket.storageEnvironment());
            }
            changes.accept(config);
            services = started(new LocalStack(config.build()));
            services.start();
            database = new StackDatabase(services.postgres());
        }

        private <T extends AutoCloseable> T started(T component) {
            started.push(component);
            return component;
        }

        /**
         * Stops it all; then fails when a task of the stack ended with a {@code failure_reason} that shows internals
         * (checked while the database still runs), whichever test made it.
         */
        @Override
        public void close() {
            List<String> internals = database == null ? List.of() : failureReasonsWithInternals();
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    LOG.warn("While stopping the test stack: {}", e.toString());
                }
            }
            if (!internals.isEmpty()) {
                throw new AssertionError("failure reasons are sentences for users, yet these show internals:\n"
                        + String.join("\n", internals));
            }
        }

        private List<String> failureReasonsWithInternals() {
            List<String> internals = new ArrayList<>();
            try {
                for (List<String> task : database.rows("select id, failure_reason from tasks where failure_reason is not null")) {
                    InternalDetails.findIn(task.get(1)).ifPresent(kind ->
                            internals.add("task " + task.get(0) + " (" + kind + "): " + task.get(1)));
                }
            } catch (IllegalStateException e) {
                LOG.warn("Could not read the stack's failure reasons to check them: {}", e.toString());
            }
            return internals;
        }

        private static S3TestBucket startBucket() {
            try {
                return S3TestBucket.start();
            } catch (Exception e) {
                throw new IllegalStateException("the S3 test bucket did not start", e);
            }
        }

        private static Path createTemporaryDirectory() {
            try {
                // Open to other users: a worker running as root runs its browsers, whose profiles are in here, as
                // an unprivileged user.
                return Files.createTempDirectory("browser-agent-e2e-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void deleteRecursively(Path directory) throws IOException {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
