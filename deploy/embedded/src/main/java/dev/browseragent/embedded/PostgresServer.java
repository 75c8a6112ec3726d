package dev.browseragent.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries) with the {@value #DATABASE} database.
 * <p>
 * The server runs as a separate postmaster process, so whoever starts it must {@link #close()} it: no JVM
 * shutdown hook is registered here, because the local launcher has to stop the services before the database.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "browser_agent";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /** zonky initialises the cluster with this superuser and trust authentication, so any password works. */
    private static final String USERNAME = "postgres";
    private static final String PASSWORD = "postgres";
    private static final long LEFTOVER_STOP_SECONDS = 10;

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDirectory where the cluster lives and survives restarts; {@code null} for a throwaway cluster
     *                      in a temporary directory that is deleted on close
     * @param port          the port to listen on, or 0 for a free one
     */
    public static PostgresServer start(Path dataDirectory, int port) {
        InfrastructureLogging.quiet();
        int chosenPort = FreePorts.orFree(port);
        String where = dataDirectory == null ? "a temporary directory" : dataDirectory.toString();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setPort(chosenPort);
        if (dataDirectory != null) {
            stopLeftoverPostmaster(dataDirectory);
            // zonky turns fsync, full-page writes and synchronous_commit off for speed; data that must survive a
            // crash or a power cut wants them on.
            builder.setDataDirectory(createDirectories(dataDirectory))
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on");
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + chosenPort + " (data in " + where + ")", e);
        }
        PostgresServer server = new PostgresServer(postgres);
        try {
            server.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("PostgreSQL listening on 127.0.0.1:{} (data in {})", chosenPort, where);
        return server;
    }

    /** Starts a throwaway PostgreSQL on a free port. */
    public static PostgresServer startTemporary() {
        return start(null, 0);
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The URL of the {@value #DATABASE} database in the form the services' configuration uses. */
    public String url() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** Stops the server; a throwaway cluster is deleted, a data directory is kept. */
    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("PostgreSQL on 127.0.0.1:{} stopped", port());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL on port " + port() + " did not stop cleanly", e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (databaseExists(connection)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + DATABASE, e);
        }
    }

    private static boolean databaseExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, DATABASE);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Stops a PostgreSQL still running on this data directory because its owner was killed with SIGKILL and could
     * not stop it; it would keep a new one from starting. {@link #start} does this itself; call it earlier to free
     * the port before checking it. A stale postmaster.pid without a process is left to PostgreSQL.
     */
    public static void stopLeftoverPostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster;
        try {
            postmaster = Files.readAllLines(pidFile).stream().findFirst()
                    .map(String::strip)
                    .filter(line -> line.matches("\\d+"))
                    .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .filter(process -> process.info().command().orElse("").endsWith("/postgres"));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
        postmaster.ifPresent(process -> {
            LOG.warn("Stopping the PostgreSQL (pid {}) that an earlier run left running on {}", process.pid(), dataDirectory);
            process.destroy();
            if (!awaitExit(process)) {
                // A smart shutdown waits for its clients; a kill is safe too, the next start recovers from the WAL.
                process.destroyForcibly();
                awaitExit(process);
            }
        });
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(LEFTOVER_STOP_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the PostgreSQL data directory " + directory, e);
        }
    }
}
