package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.local.ViewerBrowser;
import dev.browseragent.local.LocalStack;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * The live view on the real local stack, watched by a headless Chromium of its own as a person would, one task at a
 * time:
 * <ul>
 *     <li><b>change → visible</b>: the task's page flips its colour every {@link #FLIP_MILLIS} by the clock, which the
 *     viewer shares (one machine); a script in the viewer notes when its frame first shows the new colour (the image
 *     decoded, one paint before the screen). p50 and p95 over the changes;</li>
 *     <li><b>frames per second</b> of a page that animates without pause (a box moved every animation frame), as the
 *     viewer receives them;</li>
 *     <li><b>the worker's CPU</b> (its JVM and its Chromium processes) on that animated page, without a viewer and with
 *     one, over {@link #CPU_WINDOW} each.</li>
 * </ul>
 * Run it with {@code deploy/local/benchmark-live [changes, default 50]}; figures on stdout, progress on stderr. Not a
 * JUnit test: its name matches neither Surefire's nor Failsafe's patterns. The model waits 30 s per step, so that the
 * agent's own steps barely touch the CPU figures, and the worker records nothing (a recording runs the screencast
 * whether anybody watches or not; its own cost is the agent benchmark's, docs/benchmarks.md).
 */
public final class LiveBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FLIP_MILLIS = 600;
    private static final Duration CPU_WINDOW = Duration.ofSeconds(15);
    private static final String FLIPS = "/flips";
    private static final String ANIMATED = "/animated";

    /** Installed in the viewer's live page: notes each frame, and when the frame's colour changes. */
    private static final String WATCH_FRAMES = """
            var frame = document.getElementById('frame');
            var canvas = document.createElement('canvas');
            window.liveFrames = 0;
            window.liveChanges = [];
            var last = null;
            frame.addEventListener('load', function () {
              window.liveFrames++;
              canvas.width = frame.naturalWidth;
              canvas.height = frame.naturalHeight;
              var context = canvas.getContext('2d');
              context.drawImage(frame, 0, 0);
              var pixel = context.getImageData(Math.floor(frame.naturalWidth / 10), Math.floor(frame.naturalHeight / 10), 1, 1).data;
              var red = pixel[0] > pixel[2];
              if (red !== last) { last = red; window.liveChanges.push(Date.now()); }
            });""";

    private LiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path state = repoRoot.resolve("deploy/local/target/benchmark-live-state");
        try (ScriptedModelServer model = ScriptedModelServer.start(); TestSite site = TestSite.start()) {
            site.page(FLIPS, """
                    <!DOCTYPE html><html><head><title>Flips</title><style>html,body{margin:0;height:100%%}</style></head>
                    <body><script>
                    function paint() {
                      var red = Math.floor(Date.now() / %d) %% 2 === 0;
                      document.documentElement.style.background = red ? 'rgb(220,40,40)' : 'rgb(40,80,220)';
                    }
                    paint(); setInterval(paint, 5);
                    </script></body></html>""".formatted(FLIP_MILLIS));
            site.page(ANIMATED, """
                    <!DOCTYPE html><html><head><title>Animated</title><style>html,body{margin:0;height:100%;background:#eee}
                    #box{position:fixed;top:40%;width:120px;height:120px;background:#1a73e8}</style></head>
                    <body><div id="box"></div><script>
                    var box = document.getElementById('box');
                    function move(time) { box.style.left = (time / 4 % 1000) + 'px'; requestAnimationFrame(move); }
                    requestAnimationFrame(move);
                    </script></body></html>""");
            for (String path : List.of(FLIPS, ANIMATED)) {
                model.when(p -> p.contains("Benchmark " + path + " ") && p.contains("Step 1 of"),
                        p -> agentOutput("Start", "", "Open the page", action("navigate", "url", site.url(path))));
                model.when(p -> p.contains("Benchmark " + path + " "),
                        p -> agentOutput("Waiting", "", "Keep waiting", action("wait", "seconds", 30)));
            }
            // Without the session recording, whose screencast would run whether anybody watches or not.
            LocalStack stack = BenchmarkStack.create(repoRoot, state, model,
                    Map.of("BROWSER_AGENT_RECORDING_ENABLED", "false"));
            try (stack; ViewerBrowser viewer = ViewerBrowser.start()) {
                System.err.println("benchmark-live: starting the stack (state and logs in " + state + ")");
                stack.start();
                HttpClient http = HttpClient.newHttpClient();

                System.err.println("benchmark-live: " + changes + " colour changes, one every " + FLIP_MILLIS + " ms");
                String flips = startOnPage(http, stack, FLIPS);
                List<Double> delays = changeDelays(viewer, liveUrl(http, stack, flips), changes);
                stop(http, stack, flips);

                System.err.println("benchmark-live: the animated page, " + CPU_WINDOW.toSeconds()
                        + " s without a viewer, then " + CPU_WINDOW.toSeconds() + " s with one");
                String animated = startOnPage(http, stack, ANIMATED);
                long worker = stack.worker().pid();
                double unwatchedCpu = cpuShare(worker, () -> pause(CPU_WINDOW));
                viewer.open(liveUrl(http, stack, animated));
                viewer.driver().executeScript(WATCH_FRAMES);
                pause(Duration.ofSeconds(2));
                long framesBefore = frames(viewer);
                long started = System.nanoTime();
                double watchedCpu = cpuShare(worker, () -> pause(CPU_WINDOW));
                double fps = (frames(viewer) - framesBefore) / ((System.nanoTime() - started) / 1e9);
                viewer.leave();
                stop(http, stack, animated);

                Latencies latencies = Latencies.ofMillis(delays);
                System.out.printf(Locale.ROOT, "live view, one viewer (headless Chromium), one task at a time%n");
                System.out.printf(Locale.ROOT, "page change -> visible in the viewer, %d changes: p50 %.0f ms, p95 %.0f ms,"
                        + " max %.0f ms%n", delays.size(), latencies.percentile(50), latencies.percentile(95),
                        latencies.max());
                System.out.printf(Locale.ROOT, "frames per second while the page animates: %.1f%n", fps);
                System.out.printf(Locale.ROOT, "worker CPU (JVM + its Chromium), animated page: %.0f %% of a core without"
                        + " a viewer, %.0f %% with one%n", unwatchedCpu * 100, watchedCpu * 100);
            }
        }
    }

    /** Watches the flipping page until {@code changes} flips were seen; each one's delay after the page flipped. */
    private static List<Double> changeDelays(ViewerBrowser viewer, String liveUrl, int changes) {
        viewer.open(liveUrl);
        viewer.driver().executeScript(WATCH_FRAMES);
        // The first change seen may be the first frame, not a flip: skipped.
        pause(Duration.ofMillis(FLIP_MILLIS * (changes + 2)));
        List<Double> delays = new ArrayList<>();
        List<?> seen = (List<?>) viewer.driver().executeScript("return window.liveChanges;");
        for (Object at : seen.subList(1, seen.size())) {
            long millis = ((Number) at).longValue();
            long flipped = millis / FLIP_MILLIS * FLIP_MILLIS;
            delays.add((double) (millis - flipped));
        }
        viewer.leave();
        return delays.subList(0, Math.min(changes, delays.size()));
    }

    private static long frames(ViewerBrowser viewer) {
        return ((Number) viewer.driver().executeScript("return window.liveFrames;")).longValue();
    }

    /** The CPU the worker process and its descendants (its Chromium) used during the run, as a share of one core. */
    private static double cpuShare(long pid, Runnable during) {
        long before = cpuNanos(pid);
        long started = System.nanoTime();
        during.run();
        return (double) (cpuNanos(pid) - before) / (System.nanoTime() - started);
    }

    private static long cpuNanos(long pid) {
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        return Stream.concat(Stream.of(worker), worker.descendants())
                .mapToLong(process -> process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** Runs a task that opens the page and waits there; returns once it is on the page. */
    private static String startOnPage(HttpClient http, LocalStack stack, String path) throws Exception {
        String id = call(http, stack, "POST", "/run-task",
                JSON.writeValueAsString(Map.of("task", "Benchmark " + path + " and wait"))).get("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (call(http, stack, "GET", "/task/" + id, null).get("steps").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + id + " did not open " + path + " within 2 minutes");
            }
            pause(Duration.ofMillis(200));
        }
        return id;
    }

    private static String liveUrl(HttpClient http, LocalStack stack, String id) throws Exception {
        return call(http, stack, "GET", "/task/" + id, null).get("live_url").asText();
    }

    private static void stop(HttpClient http, LocalStack stack, String id) throws Exception {
        call(http, stack, "PUT", "/stop-task?task_id=" + id, null);
    }

    private static JsonNode call(HttpClient http, LocalStack stack, String method, String path, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The benchmark's own pacing: the waits are the measured windows. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
