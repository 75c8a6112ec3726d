package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.browseragent.embedded.PostgresServer;
import dev.browseragent.local.benchmark.LeaseSeries.Kind;
import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The heaviest database path of the worker tier at 100 to 1 000 workers, simulated on the embedded PostgreSQL the
 * stack uses (fsync and synchronous commit on, as the local stack runs it), migrated by common-model's migrations.
 * Run it with {@code deploy/local/benchmark-leases}; figures to stdout, progress to stderr.
 * <p>
 * For each size (running tasks, each a lease) it claims that many tasks for simulated workers of {@code slots}
 * leases each, then measures two series: <b>heartbeats only</b>, each worker sending the worker's one batched
 * heartbeat statement for all its leases every heartbeat interval; then <b>mixed</b>, the same heartbeats while every
 * worker also creates, claims and ends tasks, records steps and runs the reaper at the rates the options give (see
 * {@link SimulatedWorkers}). Per series: heartbeat statements per second achieved against needed, heartbeat latency
 * from due to confirmed, whether any lease would have been given up (a heartbeat slower than the safety margin, or
 * a worker without a confirmed heartbeat for the lease less the margin), PostgreSQL's CPU, WAL written, and the
 * share of HOT updates of {@code tasks}.
 * <p>
 * Not a JUnit test: its name matches neither Surefire's nor Failsafe's patterns.
 */
public final class LeaseBenchmark {

    /** As the services' Quarkus mapper writes events: java.time as ISO-8601 text. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int COMMIT_EVERY = 500;

    private LeaseBenchmark() {
    }

    /** One measured series of one size. */
    private record Result(int leases, int workers, String series, LeaseSeries counts, PostgresUsage before,
                          PostgresUsage after) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        LeaseOptions options = CommandLine.parseOrExit(() -> LeaseOptions.parse(args, repoRoot));
        Path data = options.stateDirectory().resolve("postgres");
        progress("starting PostgreSQL (data in " + data + ")");
        PostgresServer postgres = PostgresServer.start(data, 0);
        Thread stop = new Thread(postgres::close, "stop-benchmark-postgres");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                    .locations("classpath:db/migration").load().migrate();
            long postmaster = PostgresUsage.postmasterPid(data);
            TaskLifecycle lifecycle = new TaskLifecycle(JSON);
            List<Result> results = new ArrayList<>();
            try (Connection admin = connect(postgres)) {
                printSetting(admin, options);
                for (int leases : options.leases()) {
                    results.addAll(measure(postgres, admin, postmaster, lifecycle, options, leases));
                }
            }
            printSummary(options, results);
        } finally {
            postgres.close();
            Runtime.getRuntime().removeShutdownHook(stop);
        }
    }

    private static List<Result> measure(PostgresServer postgres, Connection admin, long postmaster,
                                        TaskLifecycle lifecycle, LeaseOptions options, int leases) throws Exception {
        int workers = (leases + options.slots() - 1) / options.slots();
        progress(leases + " leases: claiming them for " + workers + " simulated workers");
        UUID account = UUID.randomUUID();
        Map<String, List<RunClaim>> claims = arrange(admin, lifecycle, account, leases, options.slots());
        List<Result> results = new ArrayList<>();
        try (SimulatedWorkers simulated = new SimulatedWorkers(() -> connect(postgres), lifecycle, options, claims,
                account)) {
            simulated.startHeartbeats();
            results.add(series(simulated, admin, postmaster, options.warmUp(), options.heartbeatsOnly(), leases,
                    workers, "heartbeats only"));
            simulated.startAlongside();
            results.add(series(simulated, admin, postmaster, options.warmUp(), options.mixed(), leases, workers,
                    "mixed"));
        }
        results.forEach(result -> printResult(options, result));
        return results;
    }

    /**
     * An empty database but for one account, the prices the API writes at start (each step is charged, so its
     * trigger updates the task as in service), and {@code leases} running tasks: created and claimed by the
     * lifecycle's own statements. Then vacuumed and checkpointed, as a database in service would be by its
     * autovacuum and checkpointer.
     */
    private static Map<String, List<RunClaim>> arrange(Connection admin, TaskLifecycle lifecycle, UUID account,
                                                       int leases, int slots) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("truncate accounts, outbox, prices restart identity cascade");
            statement.execute("insert into accounts (id, name) values ('" + account + "', 'lease benchmark')");
            statement.execute("insert into prices (item, cents) values ('task', 1), ('step:*', 0.75)");
        }
        Map<String, List<RunClaim>> claims = new LinkedHashMap<>();
        admin.setAutoCommit(false);
        try {
            for (int i = 0; i < leases; i++) {
                String worker = String.format(Locale.ROOT, "simulated-worker-%04d", i / slots + 1);
                TaskLifecycle.NewTask task = SimulatedWorkers.newTask(account);
                SimulatedWorkers.rows(admin, lifecycle.create(task));
                try (PreparedStatement claim = JdbcStatements.prepare(admin,
                        lifecycle.claim(task.id(), worker, null, Duration.ofHours(1)));
                     ResultSet row = claim.executeQuery()) {
                    row.next();
                    claims.computeIfAbsent(worker, ignored -> new ArrayList<>())
                            .add(new RunClaim(task.id(), worker, row.getInt("attempt")));
                }
                if ((i + 1) % COMMIT_EVERY == 0) {
                    admin.commit();
                }
            }
            admin.commit();
        } finally {
            admin.setAutoCommit(true);
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("vacuum analyze");
            statement.execute("checkpoint");
        }
        return claims;
    }

    private static Result series(SimulatedWorkers simulated, Connection admin, long postmaster, Duration warmUp,
                                 Duration length, int leases, int workers, String name) throws Exception {
        progress(leases + " leases, " + name + ": " + CommandLine.format(warmUp) + " warm-up, "
                + CommandLine.format(length) + " measured");
        simulated.recordInto(new LeaseSeries());
        Thread.sleep(warmUp.toMillis());
        LeaseSeries counts = new LeaseSeries();
        PostgresUsage before = PostgresUsage.read(admin, postmaster);
        simulated.recordInto(counts);
        Thread.sleep(length.toMillis());
        simulated.recordInto(new LeaseSeries());
        PostgresUsage after = PostgresUsage.read(admin, postmaster);
        return new Result(leases, workers, name, counts, before, after);
    }

    private static void printSetting(Connection admin, LeaseOptions options) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("select version(), current_setting('max_connections'),"
                     + " current_setting('shared_buffers'), current_setting('synchronous_commit'),"
                     + " current_setting('fsync'), current_setting('full_page_writes')")) {
            row.next();
            System.out.printf(Locale.ROOT, "postgres: %s; max_connections %s, shared_buffers %s, synchronous_commit"
                            + " %s, fsync %s, full_page_writes %s%n", row.getString(1).replaceAll(" on .*", ""),
                    row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6));
        }
        System.out.printf(Locale.ROOT, "workers: %d slots each, sharing %d connections; heartbeat every %s, lease %s,"
                        + " safety margin %s%n", options.slots(), options.connections(),
                CommandLine.format(options.heartbeatInterval()), CommandLine.format(options.lease()),
                CommandLine.format(options.safetyMargin()));
        System.out.printf(Locale.ROOT, "mixed series: a step per running task every %s, a task created, claimed and"
                        + " ended per slot every %s, a reaper pass per worker every %s%n",
                CommandLine.format(options.stepEvery()), CommandLine.format(options.taskLength()),
                CommandLine.format(options.reaperInterval()));
        System.out.println();
    }

    private static void printResult(LeaseOptions options, Result result) {
        LeaseSeries counts = result.counts();
        PostgresUsage before = result.before();
        PostgresUsage after = result.after();
        double seconds = after.seconds(before);
        System.out.printf(Locale.ROOT, "%d leases (%d workers), %s, %.0f s:%n", result.leases(), result.workers(),
                result.series(), seconds);
        System.out.printf(Locale.ROOT, "  heartbeat statements: %.1f/s achieved, %.1f/s needed; leases extended"
                        + " %.0f/s%n", counts.statements(Kind.HEARTBEAT) / seconds, heartbeatsNeeded(options, result),
                counts.leasesExtended() / seconds);
        Latencies confirmed = counts.confirmed();
        Latencies statement = counts.statement();
        if (confirmed != null) {
            System.out.printf(Locale.ROOT, "  heartbeat due -> confirmed: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max"
                            + " %.1f ms (the statement alone: p50 %.1f ms, p99 %.1f ms)%n", confirmed.percentile(50),
                    confirmed.percentile(95), confirmed.percentile(99), confirmed.max(), statement.percentile(50),
                    statement.percentile(99));
        }
        System.out.printf(Locale.ROOT, "  leases: %s; %d heartbeats slower than the %s safety margin, %d failed, %d"
                        + " leases lost; longest without a confirmed heartbeat %.2f s (given up past %s)%n",
                expired(options, counts) ? "SOME WOULD HAVE BEEN GIVEN UP" : "none would have been given up",
                counts.overMargin(), CommandLine.format(options.safetyMargin()), counts.failures(Kind.HEARTBEAT),
                counts.leasesLost(), counts.longestUnconfirmedNanos() / 1e9,
                CommandLine.format(options.lease().minus(options.safetyMargin())));
        if (counts.firstFailure() != null) {
            System.out.println("  " + counts.failures() + " statements failed; the first: " + counts.firstFailure());
        }
        if (counts.statements(Kind.STEP) > 0 || counts.statements(Kind.CLAIM) > 0) {
            System.out.printf(Locale.ROOT, "  alongside: creates %.1f/s, claims %.1f/s, ends %.1f/s (%.1f/s each"
                            + " needed), steps %.1f/s (%.1f/s needed), reaper statements %.1f/s (%.1f/s needed);"
                            + " expired leases the reaper saw: %d%n", counts.statements(Kind.CREATE) / seconds,
                    counts.statements(Kind.CLAIM) / seconds, counts.statements(Kind.END) / seconds,
                    result.leases() / (double) options.taskLength().toMillis() * 1000,
                    counts.statements(Kind.STEP) / seconds,
                    result.leases() / (double) options.stepEvery().toMillis() * 1000,
                    counts.statements(Kind.REAPER) / seconds,
                    3.0 * result.workers() / options.reaperInterval().toMillis() * 1000, counts.expiredSeenByReaper());
        }
        System.out.printf(Locale.ROOT, "  PostgreSQL: %.2f cores of %d; WAL %.2f MB/s, %.0f bytes per statement;"
                        + " tasks updates %.0f%% HOT; this JVM %.2f cores%n", after.cores(before),
                Runtime.getRuntime().availableProcessors(), after.walBytes(before) / seconds / 1e6,
                after.walBytes(before) / (double) statements(counts), after.hotShare(before) * 100,
                after.jvmCores(before));
        System.out.println();
    }

    /** A markdown table of every series, for docs/benchmarks.md. */
    private static void printSummary(LeaseOptions options, List<Result> results) {
        System.out.println("| leases (workers) | series | heartbeats/s achieved / needed | heartbeat due → confirmed"
                + " p50 / p95 / p99 / max ms | leases given up | other statements/s | PostgreSQL cores | WAL MB/s |"
                + " WAL bytes per statement | HOT |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Result result : results) {
            LeaseSeries counts = result.counts();
            double seconds = result.after().seconds(result.before());
            Latencies confirmed = counts.confirmed();
            long others = statements(counts) - counts.statements(Kind.HEARTBEAT);
            System.out.printf(Locale.ROOT, "| %d (%d) | %s | %.0f / %.0f | %s | %s | %.0f | %.2f | %.2f | %.0f | %.0f%% |%n",
                    result.leases(), result.workers(), result.series(), counts.statements(Kind.HEARTBEAT) / seconds,
                    heartbeatsNeeded(options, result), confirmed == null ? "–" : String.format(Locale.ROOT,
                            "%.1f / %.1f / %.1f / %.1f", confirmed.percentile(50), confirmed.percentile(95),
                            confirmed.percentile(99), confirmed.max()),
                    expired(options, counts) ? "**yes**" : "none", others / seconds,
                    result.after().cores(result.before()), result.after().walBytes(result.before()) / seconds / 1e6,
                    result.after().walBytes(result.before()) / (double) statements(counts),
                    result.after().hotShare(result.before()) * 100);
        }
    }

    private static long statements(LeaseSeries counts) {
        return Arrays.stream(Kind.values()).mapToLong(counts::statements).sum();
    }

    private static double heartbeatsNeeded(LeaseOptions options, Result result) {
        return result.workers() / (double) options.heartbeatInterval().toMillis() * 1000;
    }

    /**
     * Whether a real worker would have given a run up: a heartbeat the query timeout would have cancelled or that
     * failed, a lease lost, or a stretch without confirmation past the lease less the safety margin.
     */
    private static boolean expired(LeaseOptions options, LeaseSeries counts) {
        return counts.overMargin() > 0 || counts.failures(Kind.HEARTBEAT) > 0 || counts.leasesLost() > 0
                || counts.longestUnconfirmedNanos() > options.lease().minus(options.safetyMargin()).toNanos();
    }

    private static Connection connect(PostgresServer postgres) {
        try {
            return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + postgres.jdbcUrl(), e);
        }
    }

    private static void progress(String message) {
        System.err.println("benchmark-leases: " + message);
    }
}
