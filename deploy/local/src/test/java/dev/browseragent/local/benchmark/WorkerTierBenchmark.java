package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.local.LocalStack;
import dev.browseragent.local.LocalStackConfig;
import dev.browseragent.local.ServiceProcess;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * The worker tier's figures on the real local stack: (a) each task's way to its first recorded step, from the task
 * rows and the step row: accepted (the task row written; the client has its answer a few milliseconds later) ->
 * dispatched -> claimed by a worker -> the first step recorded (its action done), with the step's observation, model
 * call and action; tasks one at a time and in bursts of the worker's slot count (and, on a machine with fewer cores
 * than slots, in bursts of its core count), with the warm pool, without it, and
 * with {@code open-start-url} (the task names its page, opened before the first model call); (b) short tasks per
 * minute with one worker process and with two; (c) memory (proportional set size) per concurrent session, the
 * worker's own share included, for a worker of 1, 2 and 4 slots with all of them running.
 * <p>
 * Not part of the suite (its name matches neither Surefire's nor Failsafe's patterns); run it with
 * {@code ./mvnw -B verify -pl deploy/local -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=WorkerTierBenchmark -Dfailsafe.failIfNoSpecifiedTests=false} and read the lines starting with
 * {@code BENCHMARK}; add {@code -Dworker-tier.first-step-only=true} for the warm pool's series of (a) alone (about
 * two minutes instead of seven), e.g. for a change to the step, and {@code -Dworker-tier.bursts=N} for N bursts per
 * series instead of 5.
 */
class WorkerTierBenchmark {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern NUMBER = Pattern.compile("Benchmark task (\\d+)");
    private static final int LATENCY_TASKS = 10;
    private static final int BURSTS = Integer.getInteger("worker-tier.bursts", 5);
    private static final int THROUGHPUT_TASKS = 24;
    private static final int SLOTS = 4;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** The slot counts of (c): a worker of each, all its slots running. */
    private static final int[] MEMORY_SLOTS = {1, 2, 4};
    private static final boolean FIRST_STEP_ONLY = Boolean.getBoolean("worker-tier.first-step-only");
    /** The management port given for a worker without a pool: its rounds are simply 3 s apart. */
    private static final int NO_POOL = -1;
    private static final Pattern POOL_READY =
            Pattern.compile("(?m)^browser_agent_browser_pool_ready(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path stateDirectory;

    private final Map<Integer, Long> firstModelCall = new ConcurrentHashMap<>();
    private final AtomicBoolean holdInModelCall = new AtomicBoolean();
    private LocalStack stack;
    private String pageUrl;

    @Test
    void measure() throws Exception {
        try (TestSite site = TestSite.start(); ScriptedModelServer model = ScriptedModelServer.start()) {
            site.page("/page", "<html><head><title>Benchmark</title></head><body><h1>Benchmark page</h1></body></html>");
            // A task either names the page (opened before the first call with open-start-url) or leaves it to the model.
            model.when(prompt -> prompt.contains("Benchmark page"), prompt -> agentOutput("The page is open", "Done",
                            "Finish", action("done", "text", "ok", "success", true)))
                    .when(prompt -> prompt.contains("Benchmark task"), prompt -> {
                        firstModelCall.putIfAbsent(number(prompt.userText()), System.nanoTime());
                        while (holdInModelCall.get()) {
                            pause(Duration.ofMillis(20));
                        }
                        return agentOutput("Nothing yet", "Starting", "Open the page", action("navigate", "url", site.url("/page")));
                    });
            pageUrl = site.url("/page");
            stack = new LocalStack(LocalStackConfig.builder(REPO_ROOT).stateDirectory(stateDirectory).freePorts()
                    .environment("OPENAI_BASE_URL", model.baseUrl())
                    .environment("OPENAI_API_KEY", "scripted")
                    .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                    .environment("BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", String.valueOf(SLOTS))
                    .build());
            try {
                stack.start();
                int next = 0;
                int firstWorker = stack.workerManagementPort();
                next = firstStep("warm pool, one at a time, the model opens the page", firstWorker, next, 1,
                        LATENCY_TASKS, false);
                if (CORES > 1 && CORES < SLOTS) {
                    // As many tasks at once as this machine has cores: each first step has a core of its own.
                    next = firstStep("warm pool, bursts of " + CORES + " (one a core)", firstWorker, next, CORES,
                            BURSTS, false);
                }
                next = firstStep("warm pool, bursts of " + SLOTS, firstWorker, next, SLOTS, BURSTS, false);
                if (FIRST_STEP_ONLY) {
                    return;
                }
                next = throughput("1 worker", next);
                ServiceProcess second = stack.startWorker("worker-2", FreePorts.find(), Map.of());
                next = throughput("2 workers", next);
                second.stop(LocalStack.STOP_GRACE);
                stack.worker().stop(LocalStack.STOP_GRACE);
                for (int slots : MEMORY_SLOTS) {
                    ServiceProcess worker = stack.startWorker("worker-" + slots + "-slots", FreePorts.find(),
                            Map.of("BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", String.valueOf(slots)));
                    next = memory(next, worker, slots);
                    worker.stop(LocalStack.STOP_GRACE);
                }
                int openingPort = FreePorts.find();
                ServiceProcess opening = stack.startWorker("worker-open-start-url", openingPort,
                        Map.of("BROWSER_AGENT_AGENT_OPEN_START_URL", "true"));
                next = firstStep("warm pool, one at a time, the task names the page (open-start-url)", openingPort,
                        next, 1, LATENCY_TASKS, true);
                next = firstStep("warm pool, bursts of " + SLOTS + ", the task names the page (open-start-url)",
                        openingPort, next, SLOTS, BURSTS, true);
                opening.stop(LocalStack.STOP_GRACE);
                stack.startWorker("worker-cold", FreePorts.find(), Map.of("BROWSER_AGENT_BROWSER_POOL_SIZE", "0"));
                firstStep("cold (no pool), one at a time, the model opens the page", NO_POOL, next, 1, LATENCY_TASKS,
                        false);
            } finally {
                stack.close();
            }
        }
    }

    /**
     * Runs {@code rounds} rounds of {@code burst} tasks submitted at once, each round once the last has finished and
     * the worker's pool is full again (its browsers are started one after the other, a second or more each), and
     * prints p50/p95 of each stage to the first recorded step. One task runs first, not counted: a worker's first task
     * meets cold code paths (classes loaded, the first fetch of its Kafka consumer), which says nothing about the tasks
     * after it.
     *
     * @param managementPort the worker's, to read its pool from; {@link #NO_POOL} for a worker without one
     */
    private int firstStep(String label, int managementPort, int warmUp, int burst, int rounds, boolean namesPage)
            throws Exception {
        submit(warmUp, namesPage);
        awaitFinished(List.of(warmUp));
        int first = warmUp + 1;
        int end = first + burst * rounds;
        for (int n = first; n < end; n += burst) {
            awaitFullPool(managementPort);
            List<Integer> numbers = new ArrayList<>();
            for (int k = n; k < n + burst; k++) {
                submit(k, namesPage);
                numbers.add(k);
            }
            awaitFinished(numbers);
        }
        List<FirstStep> measured = new ArrayList<>();
        for (int n = first; n < end; n++) {
            measured.add(firstStep(n));
        }
        System.out.printf("BENCHMARK (a) %s, %d tasks: p50 / p95 ms: accepted -> first step recorded %s;"
                        + " accepted -> dispatched %s; dispatched -> claimed %s; the step's observation %s, model call %s,"
                        + " action %s; the rest (browser handed out, step recorded) %s; each, accepted -> first step: %s%n",
                label, measured.size(), percentiles(measured, FirstStep::total), percentiles(measured, FirstStep::dispatch),
                percentiles(measured, FirstStep::claim), percentiles(measured, FirstStep::observe),
                percentiles(measured, FirstStep::model), percentiles(measured, FirstStep::act),
                percentiles(measured, FirstStep::rest),
                measured.stream().map(step -> String.valueOf(Math.round(step.total()))).collect(Collectors.joining(" ")));
        return end;
    }

    /** One task's way to its first recorded step, in milliseconds. */
    private record FirstStep(double total, double dispatch, double claim, double observe, double model, double act) {

        double rest() {
            return total - dispatch - claim - observe - model - act;
        }
    }

    private FirstStep firstStep(int n) throws SQLException {
        try (Connection database = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().username(),
                stack.postgres().password());
             PreparedStatement select = database.prepareStatement("""
                     select extract(epoch from s.created_at - t.created_at) * 1000,
                            extract(epoch from t.dispatched_at - t.created_at) * 1000,
                            extract(epoch from t.started_at - t.dispatched_at) * 1000,
                            s.observe_ms, s.model_ms, s.act_ms
                     from tasks t join task_steps s on s.task_id = t.id and s.step = 1
                     where t.id = ?""")) {
            select.setObject(1, UUID.fromString(ids.get(n)));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Benchmark task " + n + " has no first step");
                }
                return new FirstStep(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4),
                        row.getDouble(5), row.getDouble(6));
            }
        }
    }

    private static String percentiles(List<FirstStep> steps, ToDoubleFunction<FirstStep> stage) {
        Latencies latencies = Latencies.ofMillis(steps.stream().map(stage::applyAsDouble).toList());
        return Math.round(latencies.percentile(50)) + " / " + Math.round(latencies.percentile(95));
    }

    private int throughput(String label, int first) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        long start = System.nanoTime();
        for (int n = first; n < first + THROUGHPUT_TASKS; n++) {
            submit(n);
            numbers.add(n);
        }
        awaitFinished(numbers);
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.printf("BENCHMARK (b) %s (%d slots each): %d two-step tasks in %.1f s = %.1f tasks per minute%n",
                label, SLOTS, THROUGHPUT_TASKS, minutes * 60, THROUGHPUT_TASKS / minutes);
        return first + THROUGHPUT_TASKS;
    }

    private int memory(int first, ServiceProcess workerProcess, int slots) throws Exception {
        holdInModelCall.set(true);
        List<Integer> numbers = new ArrayList<>();
        for (int n = first; n < first + slots; n++) {
            submit(n);
            numbers.add(n);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (numbers.stream().anyMatch(n -> !firstModelCall.containsKey(n)) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(50));
        }
        ProcessHandle worker = ProcessHandle.of(workerProcess.pid()).orElseThrow();
        pause(Duration.ofSeconds(3)); // anything the pool started meanwhile is up
        long jvm = pssKiB(worker);
        List<ProcessHandle> browserProcesses = worker.descendants().toList();
        long browsersKiB = browserProcesses.stream().mapToLong(WorkerTierBenchmark::pssKiB).sum();
        long chromiums = browserProcesses.stream().filter(WorkerTierBenchmark::isChromedriver).count();
        holdInModelCall.set(false);
        awaitFinished(numbers);
        long perBrowserKiB = browsersKiB / Math.max(1, chromiums);
        System.out.printf("BENCHMARK (c) %d slots, all %d sessions running, %d Chromium browsers in all (the rest"
                        + " warm), %d processes: worker JVM %d MB, browsers %d MB (proportional set size); per browser"
                        + " %d MB; per running session with the worker's share %d MB; all the worker holds per running"
                        + " session %d MB%n",
                slots, slots, chromiums, browserProcesses.size(), jvm / 1024, browsersKiB / 1024, perBrowserKiB / 1024,
                (jvm / slots + perBrowserKiB) / 1024, (jvm + browsersKiB) / 1024 / slots);
        return first + slots;
    }

    /**
     * Proportional set size: each page a process shares (Chromium's processes share much of their code and fonts)
     * counts divided by the processes sharing it, so the sum over processes is the memory they really hold.
     */
    private static long pssKiB(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "smaps_rollup"))) {
            return lines.filter(line -> line.startsWith("Pss:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * One chromedriver per session, so they count the browsers (Chromium rewrites its children's command lines, so
     * its own processes cannot be told apart reliably).
     */
    private static boolean isChromedriver(ProcessHandle process) {
        return process.info().command().orElse("").endsWith("chromedriver");
    }

    /**
     * Waits until the worker's pool holds a warm browser for each slot (its {@code pool.ready} gauge), then a second
     * more: the last Chromium started finishes its own start-up work just after it answers.
     */
    private static void awaitFullPool(int managementPort) throws IOException, InterruptedException {
        if (managementPort == NO_POOL) {
            pause(Duration.ofSeconds(3));
            return;
        }
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Matcher ready = POOL_READY.matcher(HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
            if (ready.find() && Double.parseDouble(ready.group(1)) >= SLOTS) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the worker's pool did not fill up within 60 s");
            }
            pause(Duration.ofMillis(100));
        }
        pause(Duration.ofSeconds(1));
    }

    private void submit(int n) throws IOException, InterruptedException {
        submit(n, false);
    }

    /** Submits a task, which names the benchmark page or leaves it to the model; returns once it is accepted. */
    private void submit(int n, boolean namesPage) throws IOException, InterruptedException {
        String task = "Benchmark task " + n + ": read the heading of " + (namesPage ? pageUrl : "the benchmark site");
        HttpResponse<String> response = HTTP.send(request("/run-task").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("task", task,
                        "max_agent_steps", 4))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("run-task answered " + response.statusCode() + ": " + response.body());
        }
        ids.put(n, JSON.readTree(response.body()).get("id").asText());
    }

    private final Map<Integer, String> ids = new ConcurrentHashMap<>();

    private void awaitFinished(List<Integer> numbers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int n : numbers) {
            while (true) {
                String status = HTTP.send(request("/task/" + ids.get(n) + "/status").GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (status.equals("\"finished\"")) {
                    break;
                }
                if (status.equals("\"failed\"") || status.equals("\"stopped\"") || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Benchmark task " + n + " ended as " + status);
                }
                pause(Duration.ofMillis(20));
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.apiKey());
    }

    private static int number(String userText) {
        Matcher matcher = NUMBER.matcher(userText);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
