package dev.browseragent.local.benchmark;

import dev.browseragent.embedded.FreePorts;
import dev.browseragent.local.LocalStack;
import dev.browseragent.local.OverlappingRuns;
import dev.browseragent.local.ServiceProcess;
import dev.browseragent.local.StackDatabase;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * The soak: the packaged stack with three workers for a given duration (default one hour), tasks submitted evenly
 * over it (default 500; each opens a local page, then is done), a worker killed with SIGKILL every interval (default
 * ten minutes; the workers in turn) and started again. Run it with {@code deploy/local/soak} ({@link SoakOptions});
 * progress to stderr, the report to stdout: tasks acknowledged, finished and lost; tasks run twice at once (seen by
 * the scripted model, {@link OverlappingRuns}); Chromium and chromedriver processes leaked by killed workers and
 * left after the stack stopped; each worker's resident memory and open file descriptors every sample, and whether
 * they stayed flat after the warm-up.
 * <p>
 * Not a JUnit test: its name matches neither Surefire's nor Failsafe's patterns.
 */
public final class Soak {

    private static final String PAGE_TEXT = "Reached the soak page";
    private static final int WORKERS = 3;
    /** After the duration, how long the last tasks may take to end. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    /** After the stack stopped, how long the browsers may take to exit before they count as leaked. */
    private static final Duration BROWSER_EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final SoakOptions options;
    private final LocalStack stack;
    private final TestSite site;
    private final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> kills = new CopyOnWriteArrayList<>();
    private WorkerSampler sampler;
    private StackDatabase database;
    /** Every task's status once the last ones ended. */
    private final Map<String, String> statuses = new HashMap<>();
    /** Tasks whose attempts recorded steps at the same time. */
    private final List<String> interleavedAttempts = new ArrayList<>();
    /** Tasks run by more than one attempt (a killed worker's, taken over). */
    private long tasksWithSeveralAttempts;

    private Soak(SoakOptions options, LocalStack stack, TestSite site) {
        this.options = options;
        this.stack = stack;
        this.site = site;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        SoakOptions options = CommandLine.parseOrExit(() -> SoakOptions.parse(args, repoRoot));
        OverlappingRuns runs = new OverlappingRuns(Pattern.compile("Soak task \\d+"), Duration.ofMillis(250));
        try (ScriptedModelServer model = ScriptedModelServer.start(); TestSite site = TestSite.start()) {
            site.page("/soak", "<html><head><title>Soak</title></head><body><p>" + PAGE_TEXT + "</p></body></html>");
            model.when(prompt -> prompt.contains("Soak task") && prompt.contains(PAGE_TEXT),
                            runs.watch(prompt -> agentOutput("The page is open", "Done", "Finish",
                                    action("done", "text", runs.taskName(prompt) + " done", "success", true))))
                    .when(prompt -> prompt.contains("Soak task"),
                            runs.watch(prompt -> agentOutput("Nothing done yet", "Open the page", "Open it",
                                    action("navigate", "url", site.url("/soak")))));
            // A killed worker's tasks go back to the queue within seconds, not after the default 30 s lease.
            LocalStack stack = BenchmarkStack.create(repoRoot, options.stateDirectory(), model, Map.of(
                    "BROWSER_AGENT_WORKER_LEASE_DURATION", "10s", "BROWSER_AGENT_WORKER_REAPER_INTERVAL", "2s"));
            Soak soak = new Soak(options, stack, site);
            try (stack) {
                progress("starting the stack with " + WORKERS + " workers (state and logs in " + options.stateDirectory() + ")");
                stack.start();
                soak.run();
            }
            soak.report(runs);
        }
    }

    private void run() throws Exception {
        workers.put("worker-1", stack.worker());
        for (int i = 2; i <= WORKERS; i++) {
            workers.put("worker-" + i, stack.startWorker("worker-" + i, FreePorts.find(), Map.of()));
        }
        sampler = new WorkerSampler(workers);
        database = new StackDatabase(stack.postgres());
        raiseTheAccountsLimits();
        ApiClient api = new ApiClient(stack.apiUrl(), stack.apiKey());
        // Submissions, the browser tracking, the samples, and a kill that waits for the restarted worker to be ready.
        ScheduledExecutorService schedule = Executors.newScheduledThreadPool(4);
        long spacing = options.duration().toNanos() / options.tasks();
        try {
            for (int i = 0; i < options.tasks(); i++) {
                String task = "Soak task " + i + ": open " + site.url("/soak") + " and finish";
                schedule.schedule(() -> submit(api, task), i * spacing, TimeUnit.NANOSECONDS);
            }
            schedule.scheduleAtFixedRate(this::killAWorker, options.killEvery().toNanos(), options.killEvery().toNanos(),
                    TimeUnit.NANOSECONDS);
            schedule.scheduleAtFixedRate(sampler::trackBrowsers, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
            schedule.scheduleAtFixedRate(this::sample, options.sampleEvery().toNanos(), options.sampleEvery().toNanos(),
                    TimeUnit.NANOSECONDS);
            progress("submitting " + options.tasks() + " tasks over " + CommandLine.format(options.duration())
                    + ", killing a worker every " + CommandLine.format(options.killEvery()));
            TimeUnit.NANOSECONDS.sleep(options.duration().toNanos());
        } finally {
            // Ends the kills and samples; a restart in progress completes first.
            schedule.shutdown();
            schedule.awaitTermination(LocalStack.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        awaitTheTasksEnding();
        sample();
        database.rows("select id::text, status from tasks").forEach(row -> statuses.put(row.get(0), row.get(1)));
        interleavedAttempts.addAll(database.column(OverlappingRuns.INTERLEAVED_ATTEMPTS_SQL));
        tasksWithSeveralAttempts = database.count("select count(*) from tasks where attempt > 1");
    }

    private void submit(ApiClient api, String task) {
        try {
            acknowledged.add(api.runTask(task));
        } catch (IOException e) {
            refused.incrementAndGet();
            progress("refused: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the next worker in turn with SIGKILL and starts it again. */
    private void killAWorker() {
        List<String> names = new ArrayList<>(workers.keySet());
        String name = names.get(kills.size() % names.size());
        ServiceProcess worker = workers.get(name);
        try {
            long pid = worker.pid();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            worker.onExit().get(30, TimeUnit.SECONDS);
            kills.add(String.format(Locale.ROOT, "%s (pid %d) at %s", name, pid, clock(sampler.elapsed())));
            progress("killed " + name + " (pid " + pid + ") with SIGKILL; starting it again");
            worker.start();
            worker.awaitReady(LocalStack.READY_TIMEOUT);
        } catch (Exception e) {
            progress("killing and restarting " + name + " failed: " + e);
        }
    }

    private void sample() {
        sampler.sample().forEach(Soak::progressSample);
    }

    /** Polls until no acknowledged task is waiting or running any more, or the drain timeout. */
    private void awaitTheTasksEnding() throws InterruptedException {
        progress("waiting for the last tasks to end");
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> open = statusCounts();
            open.keySet().removeAll(List.of("finished", "failed", "stopped"));
            if (open.isEmpty()) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        progress("the drain timed out after " + CommandLine.format(DRAIN_TIMEOUT));
    }

    /** The soak's tasks by status; the database holds no others. */
    private Map<String, Long> statusCounts() {
        Map<String, Long> counts = new TreeMap<>();
        database.rows("select status, count(*) from tasks group by status")
                .forEach(row -> counts.put(row.get(0), Long.parseLong(row.get(1))));
        return counts;
    }

    /** Room for every task of the run: the soak is about the workers, not the plan's limits. */
    private void raiseTheAccountsLimits() {
        database.update("update accounts set max_running_tasks = 1000, max_queued_tasks = 100000, requests_per_minute = 100000");
    }

    /** The figures, to stdout; browsers still alive once the stack has stopped count as leaked. */
    private void report(OverlappingRuns runs) throws InterruptedException {
        long deadline = System.nanoTime() + BROWSER_EXIT_TIMEOUT.toNanos();
        while (!sampler.browsersAlive().isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        List<String> lost = acknowledged.stream().filter(id -> !"finished".equals(statuses.get(id))).toList();
        Map<String, Long> lostByStatus = new TreeMap<>();
        lost.forEach(id -> lostByStatus.merge(String.valueOf(statuses.get(id)), 1L, Long::sum));
        WorkerSampler.Verdict verdict = sampler.verdict(options.warmUp());
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "soak: %s, %d tasks, %d workers, one killed with SIGKILL every %s, samples every %s,"
                        + " warm-up %s%n", CommandLine.format(options.duration()), options.tasks(), WORKERS,
                CommandLine.format(options.killEvery()), CommandLine.format(options.sampleEvery()),
                CommandLine.format(options.warmUp()));
        out.printf(Locale.ROOT, "tasks: %d acknowledged (%d refused), %d finished, %d lost (not finished)%s%n",
                acknowledged.size(), refused.get(), acknowledged.size() - lost.size(), lost.size(),
                lost.isEmpty() ? "" : " " + lostByStatus);
        out.printf(Locale.ROOT, "double runs (two runs of a task acting at once): %d by the model's calls%s, %d by the"
                        + " steps each attempt recorded%s; tasks run by more than one attempt: %d%n",
                runs.tasksRunTwiceAtOnce().size(), runs.tasksRunTwiceAtOnce().isEmpty() ? "" : " " + runs.tasksRunTwiceAtOnce(),
                interleavedAttempts.size(), interleavedAttempts.isEmpty() ? "" : " " + interleavedAttempts,
                tasksWithSeveralAttempts);
        out.printf(Locale.ROOT, "workers killed: %d%s%n", kills.size(), kills.isEmpty() ? "" : " (" + String.join(", ", kills) + ")");
        List<WorkerSampler.Sample> samples = sampler.samples();
        out.printf(Locale.ROOT, "Chromium and chromedriver processes: %d seen; of killed workers, still alive: at most %d"
                        + " at a sample, %d at the last; still alive %s after the stack stopped (leaked): %d%n",
                sampler.browsersSeen(), samples.stream().mapToLong(WorkerSampler.Sample::orphans).max().orElse(0),
                samples.isEmpty() ? 0 : samples.get(samples.size() - 1).orphans(),
                CommandLine.format(BROWSER_EXIT_TIMEOUT), sampler.browsersAlive().size());
        out.println("samples (at m:ss, worker, pid, worker age, RSS MB, open files, its browser processes, killed workers'):");
        samples.forEach(sample -> out.println("  " + describe(sample)));
        out.println("after warm-up, per worker process:");
        verdict.lines().forEach(line -> out.println("  " + line));
        out.println("worker RSS and open files: " + verdict.flat()
                .map(flat -> flat ? "flat after warm-up (±10%)" : "NOT flat after warm-up (±10%)")
                .orElse("too few samples after warm-up to judge"));
    }

    private static String describe(WorkerSampler.Sample sample) {
        return String.format(Locale.ROOT, "%6s  %-9s %-8d %6s %6d %6d %4d %4d", clock(sample.at()), sample.worker(),
                sample.pid(), clock(sample.age()), sample.rssKilobytes() / 1024, sample.openFiles(), sample.browsers(),
                sample.orphans());
    }

    private static void progressSample(WorkerSampler.Sample sample) {
        progress("sample " + describe(sample));
    }

    /** Minutes and seconds, e.g. {@code 61:05}. */
    private static String clock(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static void progress(String message) {
        System.err.println("soak: " + message);
    }
}
