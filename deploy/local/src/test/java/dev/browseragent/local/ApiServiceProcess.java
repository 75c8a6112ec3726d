package dev.browseragent.local;

import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.KafkaServer;
import dev.browseragent.embedded.PostgresServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged api-service started on its own, for tests that need several of them or a configuration the local stack
 * does not set (a replica pair, another storage backend).
 */
record ApiServiceProcess(ServiceProcess process, int port) {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();

    /** Starts it on a free port and waits until it is ready; {@code settings} are added to its environment. */
    static ApiServiceProcess start(String name, Path state, PostgresServer postgres, KafkaServer kafka, String apiKey,
                                   Map<String, String> settings) {
        int port = FreePorts.find();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("BROWSER_AGENT_DATABASE_URL", postgres.url());
        environment.put("BROWSER_AGENT_DATABASE_USERNAME", postgres.username());
        environment.put("BROWSER_AGENT_DATABASE_PASSWORD", postgres.password());
        environment.put("BROWSER_AGENT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("BROWSER_AGENT_BOOTSTRAP_API_KEY", apiKey);
        environment.put("BROWSER_AGENT_HTTP_PORT", String.valueOf(port));
        environment.put("BROWSER_AGENT_HTTP_HOST", "127.0.0.1");
        environment.put("BROWSER_AGENT_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        ServiceProcess process = new ServiceProcess(name,
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        REPO_ROOT.resolve("api-service/target/quarkus-app/quarkus-run.jar").toString()),
                environment, state, logFile(state, name), URI.create("http://127.0.0.1:" + port + "/q/health/ready"), System.out);
        process.start();
        ApiServiceProcess api = new ApiServiceProcess(process, port);
        process.awaitReady(LocalStack.READY_TIMEOUT);
        return api;
    }

    static Path logFile(Path state, String name) {
        return state.resolve("logs").resolve(name + ".log");
    }

    String apiUrl() {
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    void stop() {
        process.stop(LocalStack.STOP_GRACE);
    }
}
