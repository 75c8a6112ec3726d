package dev.browseragent.embedded.quarkus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a real PostgreSQL with the {@code browser_agent} database, and makes Flyway apply the
 * schema at start.
 * <p>
 * One server serves the whole test JVM ({@link JvmWideServers}): Quarkus restarts the application for each test
 * profile and calls {@link #stop()} each time, but starting PostgreSQL again would only cost time. A JVM shutdown
 * hook stops it at the end. The static methods let a test read rows over JDBC.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "browser-agent.database.url", url(),
                "browser-agent.database.username", username(),
                "browser-agent.database.password", password(),
                "quarkus.flyway.migrate-at-start", "true");
    }

    @Override
    public void stop() {
        // Kept for the next test class; see the class comment.
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/browser_agent} */
    public static String jdbcUrl() {
        return setting("jdbc-url");
    }

    /** {@code postgresql://127.0.0.1:PORT/browser_agent}, the form the services' configuration uses. */
    public static String url() {
        return setting("url");
    }

    public static String username() {
        return setting("username");
    }

    public static String password() {
        return setting("password");
    }

    /** A new JDBC connection to the test database, for a test that reads or prepares rows directly. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    private static String setting(String name) {
        Map<String, String> settings = JvmWideServers.call("postgres");
        return settings.get(name);
    }
}
