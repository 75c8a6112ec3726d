package dev.browseragent.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the local stack needs to know: where the built services and the state live, which ports to use, the
 * bootstrap API key and extra environment for both services.
 *
 * @param repoRoot             the repository root, where {@code api-service/target/quarkus-app} etc. are
 * @param stateDirectory       PostgreSQL data, Kafka log, service logs and the generated API key
 * @param apiPort              the API's HTTP port; 0 for a free one
 * @param apiManagementPort    the API's management port (health and metrics); 0 for a free one
 * @param workerManagementPort the worker's management port (health and metrics, its only HTTP port); 0 for a free one
 * @param postgresPort         0 for a free one
 * @param kafkaPort            0 for a free one
 * @param bootstrapApiKey      the key the API accepts from the start; {@code null} to generate one and keep it in the
 *                             state directory, so a restart prints the same key
 * @param extraEnvironment     added to both services' environment, on top of the launcher's own
 */
public record LocalStackConfig(
        Path repoRoot,
        Path stateDirectory,
        int apiPort,
        int apiManagementPort,
        int workerManagementPort,
        int postgresPort,
        int kafkaPort,
        String bootstrapApiKey,
        Map<String, String> extraEnvironment) {

    public static final int DEFAULT_API_PORT = 8080;
    /** The services' own defaults (browser-agent.management.port). */
    public static final int DEFAULT_API_MANAGEMENT_PORT = 9000;
    public static final int DEFAULT_WORKER_MANAGEMENT_PORT = 9001;
    /** Fixed and off the standard ports, so a restart finds the stack where it was and a system PostgreSQL or Kafka is not in the way. */
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;

    public LocalStackConfig {
        repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
        stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory").toAbsolutePath().normalize();
        checkPort("API port", apiPort);
        checkPort("API management port", apiManagementPort);
        checkPort("worker management port", workerManagementPort);
        checkPort("PostgreSQL port", postgresPort);
        checkPort("Kafka port", kafkaPort);
        if (bootstrapApiKey != null && bootstrapApiKey.isBlank()) {
            bootstrapApiKey = null;
        }
        extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /**
     * Reads the configuration from environment variables ({@code BROWSER_AGENT_HOME}, {@code BROWSER_AGENT_STATE_DIR},
     * {@code BROWSER_AGENT_API_PORT}, {@code BROWSER_AGENT_API_MANAGEMENT_PORT},
     * {@code BROWSER_AGENT_WORKER_MANAGEMENT_PORT}, {@code BROWSER_AGENT_POSTGRES_PORT}, {@code BROWSER_AGENT_KAFKA_PORT},
     * {@code BROWSER_AGENT_BOOTSTRAP_API_KEY}).
     *
     * @param currentDirectory the repository root when {@code BROWSER_AGENT_HOME} is not set
     * @throws IllegalArgumentException naming the variable that holds a bad value
     */
    public static LocalStackConfig fromEnvironment(Map<String, String> environment, Path currentDirectory) {
        Path repoRoot = Path.of(environment.getOrDefault("BROWSER_AGENT_HOME", currentDirectory.toString()));
        String stateDirectory = environment.get("BROWSER_AGENT_STATE_DIR");
        return builder(repoRoot)
                .stateDirectory(stateDirectory == null || stateDirectory.isBlank() ? null : Path.of(stateDirectory))
                .apiPort(port(environment, "BROWSER_AGENT_API_PORT", DEFAULT_API_PORT))
                .apiManagementPort(port(environment, "BROWSER_AGENT_API_MANAGEMENT_PORT", DEFAULT_API_MANAGEMENT_PORT))
                .workerManagementPort(port(environment, "BROWSER_AGENT_WORKER_MANAGEMENT_PORT",
                        DEFAULT_WORKER_MANAGEMENT_PORT))
                .postgresPort(port(environment, "BROWSER_AGENT_POSTGRES_PORT", DEFAULT_POSTGRES_PORT))
                .kafkaPort(port(environment, "BROWSER_AGENT_KAFKA_PORT", DEFAULT_KAFKA_PORT))
                .bootstrapApiKey(environment.get("BROWSER_AGENT_BOOTSTRAP_API_KEY"))
                .build();
    }

    /** A builder with the defaults: state in {@code <repoRoot>/.state}, the default ports, a generated key. */
    public static Builder builder(Path repoRoot) {
        return new Builder(repoRoot);
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            checkPort(variable, port);
            return port;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " must be a port number (1-65535), not '" + value + "'");
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, not " + port);
        }
    }

    /** Builds a {@link LocalStackConfig}; every setting has a default. */
    public static final class Builder {

        private final Path repoRoot;
        private Path stateDirectory;
        private int apiPort = DEFAULT_API_PORT;
        private int apiManagementPort = DEFAULT_API_MANAGEMENT_PORT;
        private int workerManagementPort = DEFAULT_WORKER_MANAGEMENT_PORT;
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private String bootstrapApiKey;
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();

        private Builder(Path repoRoot) {
            this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot");
        }

        /** Default {@code <repoRoot>/.state}; {@code null} restores the default. */
        public Builder stateDirectory(Path stateDirectory) {
            this.stateDirectory = stateDirectory;
            return this;
        }

        public Builder apiPort(int port) {
            this.apiPort = port;
            return this;
        }

        public Builder apiManagementPort(int port) {
            this.apiManagementPort = port;
            return this;
        }

        public Builder workerManagementPort(int port) {
            this.workerManagementPort = port;
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** Uses free ports for everything, as tests running beside each other need. */
        public Builder freePorts() {
            return apiPort(0).apiManagementPort(0).workerManagementPort(0).postgresPort(0).kafkaPort(0);
        }

        public Builder bootstrapApiKey(String key) {
            this.bootstrapApiKey = key;
            return this;
        }

        public Builder environment(String name, String value) {
            extraEnvironment.put(name, value);
            return this;
        }

        public Builder environment(Map<String, String> variables) {
            extraEnvironment.putAll(variables);
            return this;
        }

        public LocalStackConfig build() {
            Path state = stateDirectory != null ? stateDirectory : repoRoot.resolve(".state");
            return new LocalStackConfig(repoRoot, state, apiPort, apiManagementPort, workerManagementPort, postgresPort,
                    kafkaPort, bootstrapApiKey, extraEnvironment);
        }
    }
}
