package dev.browseragent.local.benchmark;

import dev.browseragent.local.LocalStack;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * Measures the real local stack ({@link LocalStack}: embedded PostgreSQL and Kafka, the packaged API and worker,
 * headless Chromium), with the scripted model server as the one stand-in. Run it with {@code deploy/local/benchmark};
 * the figures go to stdout, progress and the stack's own log lines to stderr.
 * <ol>
 * <li>End to end, one task at a time: run-task → {@code finished} seen by polling the status, for tasks of two steps
 * (navigate to a local page, then done); plus dispatch and run time read from the {@code tasks} table.</li>
 * <li>The acknowledgement of {@code POST /run-task} (validation and one transaction writing the task and its outbox
 * rows) at each concurrency level, and how long the outbox relay then needs to publish the backlog to Kafka. The
 * worker is stopped first, so no Chromium competes with the API for the CPU and the figures are the API's own.</li>
 * </ol>
 * Not a JUnit test on purpose: its name matches neither Surefire's nor Failsafe's patterns, so {@code ./mvnw verify}
 * never runs it.
 */
public final class StackBenchmark {

    private static final String END_TO_END_TASK = "Benchmark: open the benchmark page and report its heading";
    private static final String PAGE_PATH = "/benchmark";
    private static final String PAGE_TEXT = "Benchmark page reached";
    private static final String ACKNOWLEDGED_TASK = "Benchmark acknowledgement: stored and dispatched, never run";
    private static final Duration STATUS_POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OUTBOX_POLL_INTERVAL = Duration.ofMillis(5);
    private static final Duration OUTBOX_TIMEOUT = Duration.ofSeconds(120);
    /** Quarkus's log format: date, time, then the level. */
    private static final Pattern WARNING_LINE = Pattern.compile("^\\S+ \\S+ WARN\\b");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+ \\S+ ERROR\\b");

    private record AcknowledgementResult(int concurrency, Latencies latencies, double requestsPerSecond,
                                         Duration outboxDrain) {
    }

    private record EndToEndResult(Duration warmupTask, Latencies untilFinishedSeen, Latencies dispatch, Latencies run,
                                  Latencies untilFirstStep) {
    }

    private StackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The launcher's slf4j-simple configuration logs to stdout; stdout is for the figures only.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        BenchmarkOptions options = CommandLine.parseOrExit(() -> {
            BenchmarkOptions parsed = BenchmarkOptions.parse(args, repoRoot);
            requireEmptyOrMissing(parsed.stateDirectory());
            return parsed;
        });

        EndToEndResult endToEnd;
        List<AcknowledgementResult> acknowledgements = new ArrayList<>();
        try (TestSite site = TestSite.start(); ScriptedModelServer model = ScriptedModelServer.start()) {
            site.page(PAGE_PATH, "<html><head><title>Benchmark</title></head><body><h1>Benchmark</h1><p>"
                    + PAGE_TEXT + "</p></body></html>");
            scriptTheModel(model, site);
            LocalStack stack = BenchmarkStack.create(repoRoot, options.stateDirectory(), model, Map.of());
            try (stack) {
                progress("starting the stack (state and logs in " + options.stateDirectory() + ")");
                stack.start();
                ApiClient api = new ApiClient(stack.apiUrl(), stack.apiKey());
                try (Connection database = DriverManager.getConnection(stack.postgres().jdbcUrl(),
                        stack.postgres().username(), stack.postgres().password())) {
                    endToEnd = measureEndToEnd(api, database, options.tasks());

                    progress("stopping the worker: the acknowledgement series measure the API alone");
                    stack.worker().stop(LocalStack.STOP_GRACE);
                    for (int concurrency : options.concurrencies()) {
                        acknowledgements.add(measureAcknowledgement(api, database, concurrency, options.warmup(),
                                options.requests()));
                    }
                }
            }
        }
        printReport(options, acknowledgements, endToEnd);
        printLogSummary(options.stateDirectory().resolve("logs"));
    }

    /** Step 1 opens the benchmark page; once the model is shown that page, it answers done. */
    private static void scriptTheModel(ScriptedModelServer model, TestSite site) {
        model.when(prompt -> prompt.contains(END_TO_END_TASK) && prompt.contains(PAGE_TEXT),
                        prompt -> agentOutput("The benchmark page is open", "Page reached", "Report the heading",
                                action("done", "text", "Benchmark", "success", true)))
                .when(prompt -> prompt.contains(END_TO_END_TASK),
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the benchmark page",
                                action("navigate", "url", site.url(PAGE_PATH))));
    }

    private static EndToEndResult measureEndToEnd(ApiClient api, Connection database, int tasks) throws Exception {
        // Not counted: the worker's first Chromium start and the services' cold code paths.
        progress("end to end: 1 warm-up task");
        Duration warmupTask = runUntilFinished(api, api.runTask(END_TO_END_TASK), System.nanoTime());

        progress("end to end: " + tasks + " tasks, one at a time");
        List<String> ids = new ArrayList<>();
        long[] untilFinishedSeen = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            long start = System.nanoTime();
            String id = api.runTask(END_TO_END_TASK);
            ids.add(id);
            untilFinishedSeen[i] = runUntilFinished(api, id, start).toNanos();
        }

        List<Double> dispatchMillis = new ArrayList<>();
        List<Double> runMillis = new ArrayList<>();
        List<Double> untilFirstStepMillis = new ArrayList<>();
        try (PreparedStatement query = database.prepareStatement("""
                select id, (select count(*) from task_steps s where s.task_id = t.id) as steps,
                       extract(epoch from started_at - created_at) * 1000 as dispatch_ms,
                       extract(epoch from finished_at - started_at) * 1000 as run_ms,
                       extract(epoch from (select created_at from task_steps s where s.task_id = t.id and s.step = 1)
                                          - started_at) * 1000 as first_step_ms
                from tasks t where id = any(?)""")) {
            Array idArray = database.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray());
            query.setArray(1, idArray);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt("steps") != 2) {
                        throw new IllegalStateException("Task " + rows.getString("id") + " took " + rows.getInt("steps")
                                + " steps instead of 2: the scenario went wrong, see the worker's log");
                    }
                    dispatchMillis.add(rows.getDouble("dispatch_ms"));
                    runMillis.add(rows.getDouble("run_ms"));
                    untilFirstStepMillis.add(rows.getDouble("first_step_ms"));
                }
            }
        }
        return new EndToEndResult(warmupTask, Latencies.ofNanos(untilFinishedSeen), Latencies.ofMillis(dispatchMillis),
                Latencies.ofMillis(runMillis), Latencies.ofMillis(untilFirstStepMillis));
    }

    /** Polls the status until {@code finished}; returns the time from {@code startNanos} until it was seen. */
    private static Duration runUntilFinished(ApiClient api, String taskId, long startNanos) throws Exception {
        long deadline = startNanos + TASK_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String status = api.status(taskId);
            switch (status) {
                case "finished" -> {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
                case "failed", "stopped" -> throw new IllegalStateException("Task " + taskId + " ended " + status
                        + " instead of finished; see the worker's log");
                default -> Thread.sleep(STATUS_POLL_INTERVAL.toMillis());
            }
        }
        throw new IllegalStateException("Task " + taskId + " did not finish within " + TASK_TIMEOUT.toSeconds() + " s");
    }

    private static AcknowledgementResult measureAcknowledgement(ApiClient api, Connection database, int concurrency,
                                                                int warmup, int requests) throws Exception {
        progress("acknowledgement at concurrency " + concurrency + ": " + warmup + " warm-up requests");
        submitTasks(api, concurrency, warmup);
        // Each measured series starts with an empty outbox, so the relay works only on its own rows.
        awaitOutboxEmpty(database);

        progress("acknowledgement at concurrency " + concurrency + ": " + requests + " measured requests");
        long start = System.nanoTime();
        long[] latencies = submitTasks(api, concurrency, requests);
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration outboxDrain = awaitOutboxEmpty(database);
        return new AcknowledgementResult(concurrency, Latencies.ofNanos(latencies), requests / seconds, outboxDrain);
    }

    /**
     * Sends {@code count} run-task requests from {@code concurrency} threads, each thread sending its next request
     * as soon as the previous one was answered (a closed loop). Returns each request's latency in nanoseconds.
     */
    private static long[] submitTasks(ApiClient api, int concurrency, int count) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger nextRequest = new AtomicInteger();
        Callable<Void> sender = () -> {
            for (int i = nextRequest.getAndIncrement(); i < count; i = nextRequest.getAndIncrement()) {
                long start = System.nanoTime();
                api.runTask(ACKNOWLEDGED_TASK);
                latencies[i] = System.nanoTime() - start;
            }
            return null;
        };
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int thread = 0; thread < concurrency; thread++) {
                running.add(senders.submit(sender));
            }
            for (Future<Void> done : running) {
                done.get(); // rethrows a failed request; Future.get also makes the threads' writes visible here
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("A run-task request failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            senders.shutdownNow();
        }
        return latencies;
    }

    /** Waits until the relay has published every outbox row to Kafka (it deletes what the broker acknowledged). */
    private static Duration awaitOutboxEmpty(Connection database) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + OUTBOX_TIMEOUT.toNanos();
        try (Statement statement = database.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("select exists (select 1 from outbox) as pending")) {
                    rows.next();
                    if (!rows.getBoolean("pending")) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                }
                Thread.sleep(OUTBOX_POLL_INTERVAL.toMillis());
            }
        }
        throw new IllegalStateException("The outbox was not empty after " + OUTBOX_TIMEOUT.toSeconds() + " s");
    }

    private static void printReport(BenchmarkOptions options, List<AcknowledgementResult> acknowledgements,
                                    EndToEndResult endToEnd) {
        System.out.printf("POST /run-task acknowledgement (worker stopped; %d warm-up + %d measured requests per row)%n",
                options.warmup(), options.requests());
        System.out.printf("%-12s %8s %8s %8s %8s %10s %17s%n",
                "concurrency", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "outbox drained ms");
        for (AcknowledgementResult result : acknowledgements) {
            Latencies latencies = result.latencies();
            System.out.printf("%-12d %8.1f %8.1f %8.1f %8.1f %10.0f %17d%n", result.concurrency(),
                    latencies.percentile(50), latencies.percentile(95), latencies.percentile(99), latencies.max(),
                    result.requestsPerSecond(), result.outboxDrain().toMillis());
        }
        System.out.println("(outbox drained: from the last acknowledgement until the relay had published every row)");
        System.out.println();
        System.out.printf("End to end, one task at a time (%d tasks of 2 steps: navigate to a local page, done;"
                + " status polled every %d ms)%n", options.tasks(), STATUS_POLL_INTERVAL.toMillis());
        System.out.printf("%-44s %8s %8s %8s%n", "", "p50 ms", "p95 ms", "max ms");
        printRow("run-task sent -> finished seen", endToEnd.untilFinishedSeen());
        printRow("dispatch (tasks.started_at - created_at)", endToEnd.dispatch());
        printRow("run (tasks.finished_at - started_at)", endToEnd.run());
        // Step 1 holds the Chromium start: the browser opens for each task, then observe, model, navigate.
        printRow("  of which claim -> step 1 recorded", endToEnd.untilFirstStep());
        System.out.printf("(a warm-up task before them, not counted: %d ms until finished seen)%n",
                endToEnd.warmupTask().toMillis());
    }

    private static void printRow(String label, Latencies latencies) {
        System.out.printf("%-44s %8.0f %8.0f %8.0f%n", label, latencies.percentile(50), latencies.percentile(95),
                latencies.max());
    }

    /** Warnings and errors in the services' logs are worth a look before the figures are trusted. */
    private static void printLogSummary(Path logDirectory) throws IOException {
        System.out.println();
        try (Stream<Path> logs = Files.list(logDirectory)) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                long warnings = lines.stream().filter(line -> WARNING_LINE.matcher(line).find()).count();
                long errors = lines.stream().filter(line -> ERROR_LINE.matcher(line).find()).count();
                System.out.printf("%s: %d warnings, %d errors%n", log, warnings, errors);
            }
        }
    }

    private static void requireEmptyOrMissing(Path stateDirectory) {
        if (!Files.isDirectory(stateDirectory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(stateDirectory)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("The state directory " + stateDirectory
                        + " is not empty: remove it, so the run starts from an empty database");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the state directory " + stateDirectory + ": " + e.getMessage());
        }
    }

    private static void progress(String message) {
        System.err.println("benchmark: " + message);
    }
}
