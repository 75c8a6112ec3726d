package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.local.benchmark.LeaseSeries.Kind;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.NamedStatement;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Workers that do to PostgreSQL what real workers do, without browsers: the statements of {@link TaskLifecycle},
 * bound and run over JDBC exactly as the worker's {@code TaskRepository} runs them. Each simulated worker sends one
 * heartbeat for all its leases every heartbeat interval; alongside, on request, it claims and ends tasks, records
 * steps and runs the reaper, each at the rate the options give. Every job starts at a random point of its interval,
 * as independent workers would.
 * <p>
 * The workers share a few connections, each served by one thread, as PgBouncer in transaction mode multiplexes real
 * workers onto its server connections: a job that is due waits for a free connection, and that wait counts in its
 * latency. A job that ends late skips the ticks it missed, as the worker's scheduler does
 * ({@code ConcurrentExecution.SKIP}), so a database that cannot keep up shows as fewer statements than needed.
 */
final class SimulatedWorkers implements AutoCloseable {

    /** The reaper's batch and its redispatch age: the worker's {@code LeaseReaper} and its default. */
    private static final int REAPER_BATCH = 100;
    private static final Duration REDISPATCH_UNCLAIMED_AFTER = Duration.ofMinutes(2);
    /** {@code tasks.options} of a task with the v1 defaults (ad block and proxy on, the default viewport). */
    private static final String OPTIONS = json(new TaskOptions(null, null, false, null, true, true,
            TaskOptions.DEFAULT_PROXY_COUNTRY, false, null, TaskOptions.DEFAULT_VIEWPORT_WIDTH,
            TaskOptions.DEFAULT_VIEWPORT_HEIGHT, false, null));

    private final TaskLifecycle lifecycle;
    private final LeaseOptions options;
    private final Map<String, List<RunClaim>> claimsByWorker;
    private final UUID account;
    private final DelayQueue<Job> due = new DelayQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile LeaseSeries series = new LeaseSeries();
    private volatile boolean stopping;

    /**
     * Opens {@code options.connections()} connections; nothing runs until {@link #startHeartbeats()}.
     *
     * @param claimsByWorker each simulated worker's leases, already claimed
     * @param account        the account of the tasks created alongside
     */
    SimulatedWorkers(Supplier<Connection> connect, TaskLifecycle lifecycle, LeaseOptions options,
                     Map<String, List<RunClaim>> claimsByWorker, UUID account) {
        this.lifecycle = lifecycle;
        this.options = options;
        this.claimsByWorker = claimsByWorker;
        this.account = account;
        for (int i = 0; i < options.connections(); i++) {
            Connection connection = connect.get();
            connections.add(connection);
            threads.add(new Thread(() -> serve(connection), "simulated-workers-" + connections.size()));
        }
        threads.forEach(Thread::start);
    }

    /** Every worker starts heartbeating its leases. */
    void startHeartbeats() {
        claimsByWorker.values().forEach(claims -> due.put(new Heartbeat(claims)));
    }

    /**
     * Every worker also starts claiming and ending tasks (each created just before, by the API's statement: in
     * service the API creates tasks as fast as workers take them), recording steps and running the reaper.
     */
    void startAlongside() {
        claimsByWorker.forEach((worker, claims) -> {
            due.put(new Steps(claims));
            due.put(new Turnover(worker, claims.size()));
            due.put(new Reaper());
        });
    }

    /** From now on, what the workers do is counted in {@code next}. */
    void recordInto(LeaseSeries next) {
        series = next;
    }

    @Override
    public void close() throws InterruptedException, SQLException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join();
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private void serve(Connection connection) {
        while (!stopping) {
            Job job;
            try {
                job = due.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            LeaseSeries current = series;
            try {
                job.run(connection, current);
            } catch (SQLException | RuntimeException e) {
                current.failed(job.kind, e);
            }
            job.reschedule(System.nanoTime());
            due.put(job);
        }
    }

    /**
     * A task as the API creates it from a typical run-task request: a sentence of prompt, the v1 options' defaults
     * as the API resolves them, no secrets or request key.
     */
    static TaskLifecycle.NewTask newTask(UUID account) {
        return new TaskLifecycle.NewTask(UUID.randomUUID(), account,
                "Find the cheapest flight from Paris to Rome on 12 May and tell me its price, times and airline",
                "gpt-4.1-mini", 100, OPTIONS, null, OffsetDateTime.now(), null, null, null, null);
    }

    private static String json(TaskOptions options) {
        try {
            return new ObjectMapper().writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row the statement answers, counted. */
    static int rows(Connection connection, NamedStatement.Bound bound) throws SQLException {
        try (PreparedStatement statement = JdbcStatements.prepare(connection, bound);
             ResultSet rows = statement.executeQuery()) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        }
    }

    /** Something a worker does every interval. */
    private abstract static class Job implements Delayed {

        private final long interval;
        /** What a failure of this job counts as. */
        final Kind kind;
        long due;

        Job(Duration interval, Kind kind) {
            this.interval = interval.toNanos();
            this.kind = kind;
            this.due = System.nanoTime() + ThreadLocalRandom.current().nextLong(this.interval);
        }

        abstract void run(Connection connection, LeaseSeries series) throws SQLException;

        /** The next tick after {@code finished}: ticks missed while the job ran late are skipped. */
        void reschedule(long finished) {
            long ticks = Math.max(1, (finished - due + interval - 1) / interval);
            due += ticks * interval;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(due, ((Job) other).due);
        }
    }

    /** The worker's {@code LeaseKeeper#heartbeat}: one statement extends all its leases. */
    private final class Heartbeat extends Job {

        private final List<RunClaim> claims;
        private long lastConfirmedDue = System.nanoTime();

        Heartbeat(List<RunClaim> claims) {
            super(options.heartbeatInterval(), Kind.HEARTBEAT);
            this.claims = claims;
        }

        @Override
        void run(Connection connection, LeaseSeries series) throws SQLException {
            long started = System.nanoTime();
            int extended = 0;
            try (PreparedStatement update = JdbcStatements.prepare(connection, lifecycle.heartbeat(claims, options.lease()))) {
                update.setQueryTimeout((int) Math.max(1, options.safetyMargin().toSeconds()));
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        extended++;
                    }
                }
            }
            long confirmed = System.nanoTime();
            series.heartbeat(claims.size(), extended, confirmed - due, confirmed - started, confirmed - lastConfirmedDue,
                    confirmed - due > options.safetyMargin().toNanos());
            if (extended == claims.size()) {
                lastConfirmedDue = due;
            }
        }
    }

    /** The steps of the worker's runs, one run after the other, each run one step per {@code step-every}. */
    private final class Steps extends Job {

        private final List<RunClaim> claims;
        private final int[] recorded;
        private int next;

        Steps(List<RunClaim> claims) {
            super(options.stepEvery().dividedBy(claims.size()), Kind.STEP);
            this.claims = claims;
            this.recorded = new int[claims.size()];
        }

        @Override
        void run(Connection connection, LeaseSeries series) throws SQLException {
            int run = next;
            next = (next + 1) % claims.size();
            recorded[run]++;
            // Field sizes of a typical step: a sentence or two each, one click, a screenshot's storage key.
            rows(connection, lifecycle.recordStep(claims.get(run), new TaskLifecycle.StepRow(recorded[run],
                    "Success - the search results page is open and lists the flights for the chosen dates",
                    "Searched flights from Paris to Rome on 12 May; results are sorted by price; next compare the"
                            + " first three offers and note their times",
                    "Open the cheapest offer to read its conditions", "https://www.example.com/flights/results?from=CDG"
                            + "&to=FCO&date=2026-05-12&sort=price",
                    "[{\"click_element_by_index\": {\"index\": 42}}]",
                    "tasks/" + claims.get(run).taskId() + "/attempts/1/screenshots/" + recorded[run] + ".png",
                    150, 2800, 60, 6000, 180)));
            series.executed(Kind.STEP);
        }
    }

    /** A task is created, starts on one of the worker's slots and ends: one of each per task length and slot. */
    private final class Turnover extends Job {

        private final String worker;

        Turnover(String worker, int slots) {
            super(options.taskLength().dividedBy(slots), Kind.CLAIM);
            this.worker = worker;
        }

        @Override
        void run(Connection connection, LeaseSeries series) throws SQLException {
            TaskLifecycle.NewTask created = newTask(account);
            rows(connection, lifecycle.create(created));
            series.executed(Kind.CREATE);
            UUID task = created.id();
            int attempt;
            try (PreparedStatement claim = JdbcStatements.prepare(connection,
                    lifecycle.claim(task, worker, null, options.lease()));
                 ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("task " + task + " could not be claimed");
                }
                attempt = row.getInt("attempt");
            }
            series.executed(Kind.CLAIM);
            rows(connection, lifecycle.end(new RunClaim(task, worker, attempt), TaskStatus.FINISHED, "Done", null));
            series.executed(Kind.END);
        }
    }

    /**
     * The worker's {@code LeaseReaper} pass: expired leases (none while the heartbeats keep up; any found are only
     * counted, so the simulated leases stay), then the sweep for unclaimed dispatches, then the queue's count.
     */
    private final class Reaper extends Job {

        Reaper() {
            super(options.reaperInterval(), Kind.REAPER);
        }

        @Override
        void run(Connection connection, LeaseSeries series) throws SQLException {
            connection.setAutoCommit(false);
            try {
                series.expiredSeenByReaper(rows(connection, lifecycle.expiredLeases(REAPER_BATCH)));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            series.executed(Kind.REAPER);
            rows(connection, lifecycle.redispatchUnclaimed(REDISPATCH_UNCLAIMED_AFTER, REAPER_BATCH));
            series.executed(Kind.REAPER);
            rows(connection, lifecycle.countQueued());
            series.executed(Kind.REAPER);
        }
    }
}
