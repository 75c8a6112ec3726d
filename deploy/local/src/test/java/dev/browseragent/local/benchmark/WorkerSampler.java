package dev.browseragent.local.benchmark;

import dev.browseragent.local.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Watches the soak's worker processes from {@code /proc}: which Chromium and chromedriver processes each one
 * started ({@link #trackBrowsers}, often, so that short-lived ones are seen too), and at every {@link #sample} each
 * worker's resident memory, open file descriptors, browser processes, and the browser processes of killed workers
 * still alive. At the end, the browser processes still alive after the stack stopped, and per worker process
 * whether its memory and descriptors stayed flat after the warm-up.
 */
final class WorkerSampler {

    /**
     * Flat: the median of the last third of a worker process's samples after its warm-up is within this share of the
     * first third's. Not each sample against one median: a moment's figures rise and fall with the sessions running
     * at that moment (each holds descriptors and memory of the worker's), a leak shows as a drift.
     */
    private static final double FLAT_TOLERANCE = 0.10;

    /** One worker process at one moment. */
    record Sample(Duration at, String worker, long pid, Duration age, long rssKilobytes, Map<String, Long> openFilesByKind,
                  long browsers, long orphans) {

        long openFiles() {
            return openFilesByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, ServiceProcess> workers;
    private final Instant began = Instant.now();
    /** Every browser process seen, with the worker process that started it. */
    private final Map<ProcessHandle, Long> browserOwners = new ConcurrentHashMap<>();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

    /** @param workers by name; a killed worker started again keeps its name and gets a new process */
    WorkerSampler(Map<String, ServiceProcess> workers) {
        this.workers = workers;
    }

    /** Notes the browser processes each running worker has now. */
    void trackBrowsers() {
        workers.values().forEach(worker -> process(worker).ifPresent(process -> browsersOf(process)
                .forEach(browser -> browserOwners.putIfAbsent(browser, process.pid()))));
    }

    /** Reads every running worker's figures; returns them. */
    List<Sample> sample() {
        trackBrowsers();
        Duration at = elapsed();
        List<Sample> taken = new ArrayList<>();
        workers.forEach((name, worker) -> process(worker).ifPresent(process -> {
            try {
                Duration age = Duration.between(process.info().startInstant().orElse(began), Instant.now());
                taken.add(new Sample(at, name, process.pid(), age, residentKilobytes(process.pid()),
                        openFilesByKind(process.pid()), browsersOf(process).count(), orphans()));
            } catch (UncheckedIOException e) {
                // the worker ended (killed) while being read; the next sample finds its successor
            }
        }));
        samples.addAll(taken);
        return taken;
    }

    /** Since the sampler was made, as the samples' {@code at}. */
    Duration elapsed() {
        return Duration.between(began, Instant.now());
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    int browsersSeen() {
        return browserOwners.size();
    }

    /** Browser processes still alive whose worker process is gone (killed, or the stack stopped). */
    long orphans() {
        return browserOwners.entrySet().stream()
                .filter(browser -> ProcessHandle.of(browser.getValue()).isEmpty() && browser.getKey().isAlive())
                .count();
    }

    /** Browser processes still alive, e.g. after the stack stopped: leaked. */
    List<ProcessHandle> browsersAlive() {
        return browserOwners.keySet().stream().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Per worker process, with its samples after the warm-up: whether memory and open files stayed flat (no drift of
     * more than 10 %, {@link #FLAT_TOLERANCE}). Returns one line per worker process, and whether all were flat (empty:
     * too few samples to judge any).
     */
    Verdict verdict(Duration warmUp) {
        Map<Long, List<Sample>> byProcess = samples().stream().filter(sample -> sample.age().compareTo(warmUp) >= 0)
                .collect(Collectors.groupingBy(Sample::pid, LinkedHashMap::new, Collectors.toList()));
        List<String> lines = new ArrayList<>();
        boolean judged = false;
        boolean flat = true;
        for (List<Sample> life : byProcess.values()) {
            Sample first = life.get(0);
            String who = first.worker() + " pid " + first.pid() + " (" + life.size() + " samples after warm-up)";
            if (life.size() < 3) {
                lines.add(who + ": too few to judge");
                continue;
            }
            judged = true;
            Range memory = Range.of(life.stream().map(sample -> sample.rssKilobytes() / 1024).toList());
            Range files = Range.of(life.stream().map(Sample::openFiles).toList());
            flat &= memory.flat() && files.flat();
            lines.add(who + ": RSS " + memory.describe("MB") + "; open files " + files.describe("")
                    + "; by kind, first → last: " + kindsChange(first, life.get(life.size() - 1)));
        }
        return new Verdict(lines, judged ? Optional.of(flat) : Optional.empty());
    }

    /** The lines of {@link #verdict}, and the overall answer (empty when nothing could be judged). */
    record Verdict(List<String> lines, Optional<Boolean> flat) {
    }

    /** Values of one worker process after the warm-up, in the order taken. */
    private record Range(long min, long max, long firstThird, long lastThird) {

        static Range of(List<Long> values) {
            int third = values.size() / 3;
            return new Range(values.stream().min(Long::compare).orElseThrow(),
                    values.stream().max(Long::compare).orElseThrow(),
                    median(values.subList(0, third)), median(values.subList(values.size() - third, values.size())));
        }

        private static long median(List<Long> values) {
            return values.stream().sorted().toList().get(values.size() / 2);
        }

        boolean flat() {
            return Math.abs(lastThird - firstThird) <= firstThird * FLAT_TOLERANCE;
        }

        String describe(String unit) {
            String suffix = unit.isEmpty() ? "" : " " + unit;
            return String.format(Locale.ROOT, "%d–%d%s (median of the first third %d%s, of the last third %d%s): %s",
                    min, max, suffix, firstThird, suffix, lastThird, suffix,
                    flat() ? "flat after warm-up (±10%)" : "NOT flat after warm-up (±10%)");
        }
    }

    private static Optional<ProcessHandle> process(ServiceProcess worker) {
        return worker.isAlive() ? ProcessHandle.of(worker.pid()) : Optional.empty();
    }

    private static Stream<ProcessHandle> browsersOf(ProcessHandle worker) {
        return worker.descendants().filter(process -> process.info().command()
                .map(command -> Path.of(command).getFileName().toString().contains("chrom")).orElse(false));
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status}, in kB. */
    private static long residentKilobytes(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElseThrow(() -> new UncheckedIOException(new NoSuchFileException("VmRSS of " + pid)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code socket 40 → 42, pipe 12 → 12}: where open files came from, should they grow. */
    private static String kindsChange(Sample first, Sample last) {
        TreeSet<String> kinds = new TreeSet<>(first.openFilesByKind().keySet());
        kinds.addAll(last.openFilesByKind().keySet());
        return kinds.stream().map(kind -> kind + " " + first.openFilesByKind().getOrDefault(kind, 0L) + " → "
                + last.openFilesByKind().getOrDefault(kind, 0L)).collect(Collectors.joining(", "));
    }

    /**
     * The process's open file descriptors by what they point at: {@code socket}, {@code pipe}, {@code file} (a path),
     * or the kind of anonymous inode (e.g. {@code anon_inode:[eventpoll]}).
     */
    private static Map<String, Long> openFilesByKind(long pid) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return descriptors.map(WorkerSampler::kind).flatMap(Optional::stream)
                    .collect(Collectors.groupingBy(kind -> kind, TreeMap::new, Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty for a descriptor closed while the directory was read. */
    private static Optional<String> kind(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return Optional.of(target.startsWith("/") ? "file" : target.replaceAll(":\\[\\d+]$", ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
