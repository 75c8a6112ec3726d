package dev.browseragent.embedded.quarkus;

import dev.browseragent.embedded.KafkaServer;
import dev.browseragent.embedded.PostgresServer;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * The PostgreSQL and Kafka servers shared by every Quarkus test in this JVM, stopped when the JVM exits.
 * <p>
 * Quarkus loads the test resources and the tests in a new class loader for every application start (one per
 * test profile), so an ordinary static field would start new servers each time. The fields here are therefore
 * only used in the copy of this class that the JVM's application class loader holds: {@link #call} reaches it,
 * and its public methods take and return JDK types only, which every class loader shares. This class is public
 * for that reflective call; tests use {@link PostgresTestResource} and {@link KafkaTestResource}.
 */
public final class JvmWideServers {

    /** Separate locks: Quarkus may start the two test resources in parallel. */
    private static final Object POSTGRES_LOCK = new Object();
    private static final Object KAFKA_LOCK = new Object();
    private static PostgresServer postgres;
    private static KafkaServer kafka;

    private JvmWideServers() {
    }

    /** Starts PostgreSQL on first use; returns its {@code url}, {@code jdbc-url}, {@code username} and {@code password}. */
    public static Map<String, String> postgres() {
        synchronized (POSTGRES_LOCK) {
            if (postgres == null) {
                postgres = PostgresServer.startTemporary();
                stopAtExit("PostgreSQL", postgres);
            }
            return Map.of(
                    "url", postgres.url(),
                    "jdbc-url", postgres.jdbcUrl(),
                    "username", postgres.username(),
                    "password", postgres.password());
        }
    }

    /** Starts the broker on first use, or again after {@link #stopKafka()}; returns its bootstrap servers. */
    public static String startKafka() {
        synchronized (KAFKA_LOCK) {
            if (kafka == null) {
                kafka = KafkaServer.startTemporary();
                stopAtExit("Kafka", kafka);
            }
            kafka.start();
            return kafka.bootstrapServers();
        }
    }

    /** Stops the broker, keeping its port and log for {@link #startKafka()}. */
    public static void stopKafka() {
        synchronized (KAFKA_LOCK) {
            if (kafka != null) {
                kafka.stop();
            }
        }
    }

    /**
     * Calls the public static method {@code name} of the JVM-wide copy of this class. The broker instantiates
     * classes by name through the thread's context class loader, and its threads inherit it: during the call it
     * is the JVM-wide loader too, or the broker would mix classes of two loaders.
     */
    @SuppressWarnings("unchecked")
    static <T> T call(String name) {
        ClassLoader jvmWideLoader = jvmWideClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader callersLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(jvmWideLoader);
        try {
            Class<?> jvmWide = Class.forName(JvmWideServers.class.getName(), true, jvmWideLoader);
            return (T) jvmWide.getMethod(name).invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach " + JvmWideServers.class.getName() + "." + name, e);
        } finally {
            thread.setContextClassLoader(callersLoader);
        }
    }

    /** The application class loader when this module is on the class path (Maven, IDEs); else this class's own. */
    private static ClassLoader jvmWideClassLoader() {
        ClassLoader application = ClassLoader.getSystemClassLoader();
        String classFile = JvmWideServers.class.getName().replace('.', '/') + ".class";
        return application.getResource(classFile) != null ? application : JvmWideServers.class.getClassLoader();
    }

    private static void stopAtExit(String name, AutoCloseable server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop the test " + name + ": " + e);
            }
        }, "stop-test-" + name));
    }
}
