package dev.browseragent.worker.browser;

import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a task's first navigation costs when several start at once: browsers started as the worker's pool starts
 * them ({@link BrowserSessionFactory#open}, each behind its filtering proxy), left idle a moment, then all opening
 * the same small local page at the same instant, as the navigate action opens it ({@code driver().get}). For 1, 2
 * and 4 browsers at once it prints the p50/p95 time of a navigation and the CPU time it took, per navigation, in each
 * kind of Chromium process, in chromedriver and in this JVM (the filtering proxies and the page's server), from
 * {@code /proc/<pid>/stat} just before and just after. Nothing else runs: no database, no Kafka, no model. Run it with
 * {@code worker-service/benchmark-navigation [rounds, default 8] [browsers at once, default 1,2,4]};
 * {@code BROWSER_AGENT_BENCHMARK_EXTRA_FLAGS} adds Chromium flags (space-separated) to the worker's (a
 * {@code --disable-features} among them replaces the worker's, since Chromium reads only the last).
 */
public final class NavigationBenchmark {

    /** Long enough for what a fresh browser does after its start to die down, as in a pool's warm browser. */
    private static final Duration IDLE = Duration.ofSeconds(4);
    private static final Pattern TYPE = Pattern.compile("--type=(\\S+)");
    private static final long TICKS_PER_SECOND = 100;

    private NavigationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        String[] atOnce = (args.length > 1 ? args[1] : "1,2,4").split(",");
        List<String> flags = new ArrayList<>(BrowserSessionFactory.chromiumArguments());
        String extra = System.getenv().getOrDefault("BROWSER_AGENT_BENCHMARK_EXTRA_FLAGS", "").strip();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        BrowserSessionFactory factory = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                TestNetworkRules.rules(true), flags);
        System.out.printf("First navigation of fresh browsers, %d rounds, %d cores%s; CPU in ms per navigation%n",
                rounds, Runtime.getRuntime().availableProcessors(), extra.isEmpty() ? "" : ", extra flags: " + extra);
        try (TestSite site = TestSite.start()) {
            site.page("/page", "<html><head><title>Benchmark</title></head><body><h1>Benchmark page</h1></body>"
                    + "</html>");
            for (String browsers : atOnce) {
                measure(factory, site.url("/page"), Integer.parseInt(browsers.strip()), rounds);
            }
        }
    }

    private static void measure(BrowserSessionFactory factory, String url, int atOnce, int rounds) throws Exception {
        List<Long> millis = new ArrayList<>();
        Map<String, Long> ticks = new TreeMap<>();
        ExecutorService navigations = Executors.newFixedThreadPool(atOnce);
        try {
            for (int round = 0; round < rounds; round++) {
                List<BrowserSession> sessions = new ArrayList<>();
                try {
                    for (int i = 0; i < atOnce; i++) {
                        sessions.add(factory.open(1280, 960));
                    }
                    Thread.sleep(IDLE.toMillis());
                    Map<Long, Long> before = cpuTicks();
                    List<Future<Long>> timings = new ArrayList<>();
                    for (BrowserSession session : sessions) {
                        timings.add(navigations.submit(() -> {
                            long start = System.nanoTime();
                            session.driver().get(url);
                            return (System.nanoTime() - start) / 1_000_000;
                        }));
                    }
                    for (Future<Long> timing : timings) {
                        millis.add(timing.get());
                    }
                    Map<Long, Long> after = cpuTicks();
                    after.forEach((pid, used) -> ticks.merge(kind(pid), used - before.getOrDefault(pid, 0L),
                            Long::sum));
                } finally {
                    sessions.forEach(BrowserSession::close);
                }
            }
        } finally {
            navigations.shutdown();
        }
        int count = millis.size();
        StringBuilder cpu = new StringBuilder();
        ticks.forEach((kind, used) -> cpu.append(String.format(" %s %d,", kind,
                Math.round(used * 1000.0 / TICKS_PER_SECOND / count))));
        long total = ticks.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d at once: navigation p50 %d ms, p95 %d ms; CPU per navigation%s total %d%n", atOnce,
                percentile(millis, 50), percentile(millis, 95), cpu,
                Math.round(total * 1000.0 / TICKS_PER_SECOND / count));
    }

    /** CPU ticks (user and system) of this JVM and of every process under it, by process id. */
    private static Map<Long, Long> cpuTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants()).forEach(process -> {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
                // Fields after the command name, which may contain spaces: state is the 3rd field, utime the 14th.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(process.pid(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException e) {
                // It ended meanwhile.
            }
        });
        return ticks;
    }

    /** "this JVM", "chromedriver", "chromium browser" or "chromium <type>" (renderer, gpu-process, zygote...). */
    private static String kind(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return "this JVM";
        }
        String commandLine;
        try {
            commandLine = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "ended";
        }
        String executable = commandLine.split(" ", 2)[0];
        if (executable.endsWith("chromedriver")) {
            return "chromedriver";
        }
        if (!executable.contains("chrom")) {
            return "other";
        }
        Matcher type = TYPE.matcher(commandLine);
        return type.find() ? "chromium " + type.group(1) : "chromium browser";
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(percentile / 100.0 * (sorted.size() - 1)));
    }
}
