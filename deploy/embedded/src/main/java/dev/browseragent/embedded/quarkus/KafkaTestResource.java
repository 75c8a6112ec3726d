package dev.browseragent.embedded.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a real Kafka broker with the {@code tasks} and {@code task-events} topics.
 * <p>
 * One broker serves the whole test JVM ({@link JvmWideServers}), like {@link PostgresTestResource}. A test may
 * {@link #stopBroker()} and {@link #startBroker()} it (same port, same log) to check that the clients reconnect;
 * the next Quarkus start starts it again if a test left it stopped.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("browser-agent.kafka.bootstrap-servers", startBroker());
    }

    @Override
    public void stop() {
        // Kept for the next test class; see the class comment.
    }

    /** Starts the broker if it is not running; returns {@code 127.0.0.1:PORT}. */
    public static String startBroker() {
        return JvmWideServers.call("startKafka");
    }

    /** Stops the broker; its port stays reserved for {@link #startBroker()}. */
    public static void stopBroker() {
        JvmWideServers.call("stopKafka");
    }

    /** {@code 127.0.0.1:PORT}; starts the broker if it is not running. */
    public static String bootstrapServers() {
        return startBroker();
    }
}
