package dev.browseragent.worker.browser;

import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.NetworkRules;
import dev.browseragent.worker.network.TestNetworkRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.browseragent.worker.benchmark.BenchmarkPages.page;
import static dev.browseragent.worker.benchmark.BenchmarkPages.typicalArticle;

/**
 * Chromium's memory per browser, flag by flag: 4 browsers started as the worker starts them
 * ({@link BrowserSessionFactory#open}, sandbox on unless {@code BROWSER_AGENT_BROWSER_SANDBOX=false}), each on the
 * same typical article, with the worker's flags and then with one lean choice undone (or one more flag tried) at a
 * time. Measures the proportional set size ({@code Pss} of {@code /proc/<pid>/smaps_rollup}) of each browser's
 * process tree: its chromedriver, Chromium and every process under it. Run it with
 * {@code worker-service/benchmark-memory [rounds]}; each round measures every configuration once, in turn.
 */
public final class BrowserMemoryBenchmark {

    private static final int BROWSERS = 4;
    /** Long enough for what a browser starts after the page's load (the spare renderer, the storage service). */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final String DISABLE_FEATURES = "--disable-features=";
    private static final Pattern TYPE = Pattern.compile("--type=(\\S+)");
    /** The service's name without its package ({@code network.mojom.NetworkService}: {@code NetworkService}). */
    private static final Pattern UTILITY_SUB_TYPE = Pattern.compile("--utility-sub-type=(?:\\S*\\.)?(\\S+)");

    private BrowserMemoryBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String sandbox = System.getenv().getOrDefault("BROWSER_AGENT_BROWSER_SANDBOX", "true");
        BrowserConfig config = TestConfigs.mapping(BrowserConfig.class, "browser-agent.browser.sandbox", sandbox);
        NetworkRules rules = TestNetworkRules.rules(true);
        List<Configuration> configurations = configurations(BrowserSessionFactory.chromiumArguments());
        List<List<Measurement>> measured = new ArrayList<>();
        configurations.forEach(configuration -> measured.add(new ArrayList<>()));
        try (TestSite site = TestSite.start()) {
            site.page("/typical", page("Article", typicalArticle()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < configurations.size(); i++) {
                    Measurement measurement = measure(new BrowserSessionFactory(config, rules,
                            configurations.get(i).arguments()), site.url("/typical"));
                    measured.get(i).add(measurement);
                    System.out.printf("round %d, (%d) %s: %.1f processes, %.1f MB (private %.1f MB) per browser;"
                                    + " PSS by process: %s; other Chromium processes on this machine: %d%n", round,
                            i + 1, configurations.get(i).name(), measurement.processesPerBrowser(),
                            measurement.perBrowser().pssKiB() / 1024.0, measurement.perBrowser().privateKiB() / 1024.0,
                            measurement.composition(), measurement.otherChromiumProcesses());
                }
            }
        }
        System.out.printf("%nChromium's memory per browser, %d browsers open on the typical article, Chromium's sandbox"
                + " %s, %d rounds; proportional set size (PSS) and private memory of each browser's process tree"
                + " (chromedriver included), the mean of the rounds (each round's); \"alone\": PSS in the rounds"
                + " when no other Chromium ran on this machine (how many)%n",
                BROWSERS, Boolean.parseBoolean(sandbox) ? "on" : "off", rounds);
        System.out.printf("%-4s %-52s %9s %22s %8s %12s %8s %22s %8s%n", "", "configuration", "processes",
                "PSS per browser MB", "vs (1)", "alone", "vs (1)", "private per browser MB", "vs (1)");
        double pssBaseline = meanMiB(measured.get(0), Memory::pssKiB);
        double aloneBaseline = meanMiB(alone(measured.get(0)), Memory::pssKiB);
        double privateBaseline = meanMiB(measured.get(0), Memory::privateKiB);
        for (int i = 0; i < configurations.size(); i++) {
            List<Measurement> runs = measured.get(i);
            List<Measurement> alone = alone(runs);
            System.out.printf("%-4s %-52s %9.1f %22s %+8.1f %12s %8s %22s %+8.1f%n", "(" + (i + 1) + ")",
                    configurations.get(i).name(), runs.get(runs.size() - 1).processesPerBrowser(),
                    meanAndEach(runs, Memory::pssKiB), meanMiB(runs, Memory::pssKiB) - pssBaseline,
                    alone.isEmpty() ? "-" : String.format("%.1f (%d)", meanMiB(alone, Memory::pssKiB), alone.size()),
                    alone.isEmpty() || Double.isNaN(aloneBaseline) ? "-"
                            : String.format("%+.1f", meanMiB(alone, Memory::pssKiB) - aloneBaseline),
                    meanAndEach(runs, Memory::privateKiB), meanMiB(runs, Memory::privateKiB) - privateBaseline);
        }
    }

    /** A set of Chromium flags to measure. */
    private record Configuration(String name, List<String> arguments) {
    }

    /**
     * One configuration's browsers, averaged; the composition of their process trees by process type; and the
     * Chromium processes of others on this machine, which share (and so lower the proportional size of) Chromium's
     * code pages.
     */
    private record Measurement(double processesPerBrowser, Memory perBrowser, String composition,
                               long otherChromiumProcesses) {
    }

    /**
     * From {@code /proc/<pid>/smaps_rollup}. Proportional set size: a page shared by several processes counts
     * divided among them, so the sum over a browser's processes is what the browser really holds (and it falls a
     * little when other Chromiums share the same code pages). Private: the pages no other process maps, which
     * others' browsers do not change.
     */
    private record Memory(long pssKiB, long privateKiB) {

        static Memory of(ProcessHandle process) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()),
                    "smaps_rollup"))) {
                Map<String, Long> kiB = lines.map(line -> line.split(":\\s+"))
                        .filter(fields -> fields.length == 2 && fields[1].endsWith(" kB"))
                        .collect(Collectors.toMap(fields -> fields[0],
                                fields -> Long.parseLong(fields[1].replace(" kB", ""))));
                return new Memory(kiB.get("Pss"), kiB.get("Private_Clean") + kiB.get("Private_Dirty"));
            } catch (IOException | RuntimeException e) {
                return new Memory(0, 0); // the process ended meanwhile
            }
        }

        Memory plus(Memory other) {
            return new Memory(pssKiB + other.pssKiB, privateKiB + other.privateKiB);
        }

        Memory dividedBy(int divisor) {
            return new Memory(pssKiB / divisor, privateKiB / divisor);
        }
    }

    private static List<Configuration> configurations(List<String> worker) {
        return List.of(
                new Configuration("the worker's flags", worker),
                new Configuration("without --enable-features=NetworkServiceInProcess2",
                        without(worker, "--enable-features=NetworkServiceInProcess2")),
                new Configuration("SpareRendererForSitePerProcess enabled", withFeatureEnabled(worker,
                        "SpareRendererForSitePerProcess")),
                new Configuration("WebUIOmniboxPopup enabled", withFeatureEnabled(worker, "WebUIOmniboxPopup")),
                new Configuration("WebUIOmniboxAimPopup enabled", withFeatureEnabled(worker, "WebUIOmniboxAimPopup")),
                new Configuration("+ --renderer-process-limit=1", with(worker, "--renderer-process-limit=1")),
                new Configuration("+ --in-process-gpu (not used)", with(worker, "--in-process-gpu")),
                new Configuration("+ --disable-site-isolation-trials (not used)",
                        with(worker, "--disable-site-isolation-trials")));
    }

    private static List<String> without(List<String> arguments, String flag) {
        if (!arguments.contains(flag)) {
            throw new IllegalStateException("The worker's flags no longer contain " + flag + ": " + arguments);
        }
        return arguments.stream().filter(argument -> !argument.equals(flag)).toList();
    }

    private static List<String> with(List<String> arguments, String flag) {
        return Stream.concat(arguments.stream(), Stream.of(flag)).toList();
    }

    /** The arguments with {@code feature} taken out of the {@code --disable-features} list. */
    private static List<String> withFeatureEnabled(List<String> arguments, String feature) {
        String disabled = arguments.stream().filter(argument -> argument.startsWith(DISABLE_FEATURES)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The worker's flags disable no features: " + arguments));
        List<String> features = new ArrayList<>(Arrays.asList(disabled.substring(DISABLE_FEATURES.length())
                .split(",")));
        if (!features.remove(feature)) {
            throw new IllegalStateException("The worker's flags no longer disable " + feature + ": " + disabled);
        }
        return arguments.stream()
                .map(argument -> argument.equals(disabled) ? DISABLE_FEATURES + String.join(",", features) : argument)
                .toList();
    }

    /** Opens the browsers, each on the page, lets them settle, measures them, and closes them. */
    private static Measurement measure(BrowserSessionFactory factory, String url) {
        List<BrowserSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < BROWSERS; i++) {
                BrowserSession session = factory.open(1280, 960);
                sessions.add(session);
                session.driver().get(url);
            }
            pause(SETTLE);
            // chromedriver is this JVM's child (BrowserLaunch); Chromium and its helpers are under it.
            List<List<ProcessHandle>> browsers = ProcessHandle.current().children()
                    .filter(BrowserProcesses::isChromedriver)
                    .map(driver -> Stream.concat(Stream.of(driver), driver.descendants()).toList())
                    .toList();
            if (browsers.size() != BROWSERS) {
                throw new IllegalStateException(BROWSERS + " browsers were opened, but " + browsers.size()
                        + " chromedrivers run under this JVM");
            }
            List<ProcessHandle> processes = browsers.stream().flatMap(List::stream).toList();
            Map<String, long[]> byType = new TreeMap<>();
            Memory total = new Memory(0, 0);
            for (ProcessHandle process : processes) {
                Memory memory = Memory.of(process);
                total = total.plus(memory);
                long[] countAndPss = byType.computeIfAbsent(type(process), type -> new long[2]);
                countAndPss[0]++;
                countAndPss[1] += memory.pssKiB();
            }
            String composition = byType.entrySet().stream()
                    .map(entry -> String.format("%s %d × %.0f MB", entry.getKey(), entry.getValue()[0] / BROWSERS,
                            entry.getValue()[1] / 1024.0 / entry.getValue()[0]))
                    .collect(Collectors.joining(", "));
            long others = ProcessHandle.allProcesses()
                    .filter(process -> process.info().command().orElse("").endsWith("/chromium")
                            && !processes.contains(process))
                    .count();
            return new Measurement((double) processes.size() / BROWSERS, total.dividedBy(BROWSERS), composition,
                    others);
        } finally {
            sessions.forEach(BrowserSession::close);
        }
    }

    /**
     * chromedriver, the browser process, or what its {@code --type} (and utility sub-type) says; read from
     * {@code /proc/<pid>/cmdline}, since Chromium rewrites its helpers' command lines into one string.
     */
    private static String type(ProcessHandle process) {
        if (BrowserProcesses.isChromedriver(process)) {
            return "chromedriver";
        }
        String commandLine;
        try {
            commandLine = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "ended";
        }
        Matcher type = TYPE.matcher(commandLine);
        if (!type.find()) {
            return "browser";
        }
        Matcher subType = UTILITY_SUB_TYPE.matcher(commandLine);
        return subType.find() ? type.group(1) + " " + subType.group(1) : type.group(1);
    }

    private static double meanMiB(List<Measurement> runs, ToLongFunction<Memory> figure) {
        return runs.stream().mapToLong(run -> figure.applyAsLong(run.perBrowser())).average().orElse(Double.NaN)
                / 1024;
    }

    /** The rounds measured while no other Chromium shared the code pages. */
    private static List<Measurement> alone(List<Measurement> runs) {
        return runs.stream().filter(run -> run.otherChromiumProcesses() == 0).toList();
    }

    private static String meanAndEach(List<Measurement> runs, ToLongFunction<Memory> figure) {
        return String.format("%.1f (%s)", meanMiB(runs, figure), runs.stream()
                .map(run -> String.format("%.0f", figure.applyAsLong(run.perBrowser()) / 1024.0))
                .collect(Collectors.joining("/")));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
