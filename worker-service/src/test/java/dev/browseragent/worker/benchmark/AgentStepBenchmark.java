package dev.browseragent.worker.benchmark;

import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.agent.AgentResult;
import dev.browseragent.worker.agent.AgentRunner;
import dev.browseragent.worker.agent.AgentStep;
import dev.browseragent.worker.agent.AgentTask;
import dev.browseragent.worker.agent.TaskFiles;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.LlmConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.RecordingConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import dev.browseragent.worker.network.TestNetworkRules;
import dev.browseragent.worker.recording.SessionRecordings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static dev.browseragent.worker.benchmark.BenchmarkPages.page;
import static dev.browseragent.worker.benchmark.BenchmarkPages.typicalArticle;

/**
 * The agent's cost per step, model excluded: a real Chromium on local pages (small, a typical article, 10,000
 * elements) and the scripted model, which answers in about a millisecond with one click per step. Prints, per page,
 * p50/p95 of the observation (page text and screenshot), the action, and the whole step minus the model call, and
 * the size of the page text the model reads. Run it with {@code worker-service/benchmark-agent [steps]};
 * {@code BROWSER_AGENT_BROWSER_SANDBOX=false} measures the same without Chromium's sandbox, and
 * {@code BROWSER_AGENT_RECORDING_ENABLED=false} without the session recording (on by default, as in the worker;
 * {@code BROWSER_AGENT_RECORDING_MAX_FRAME_RATE} sets its frame rate, the worker's default otherwise):
 * with it on, each page's run is recorded and encoded as the worker does, and the video's length and size and the
 * run's end (encoding and closing the browser) are printed too.
 */
public final class AgentStepBenchmark {

    private AgentStepBenchmark() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        String sandbox = System.getenv().getOrDefault("BROWSER_AGENT_BROWSER_SANDBOX", "true");
        String recording = System.getenv().getOrDefault("BROWSER_AGENT_RECORDING_ENABLED", "true");
        String frameRate = System.getenv("BROWSER_AGENT_RECORDING_MAX_FRAME_RATE");
        RecordingConfig recordingConfig = frameRate == null
                ? TestConfigs.mapping(RecordingConfig.class, "browser-agent.recording.enabled", recording)
                : TestConfigs.mapping(RecordingConfig.class, "browser-agent.recording.enabled", recording,
                        "browser-agent.recording.max-frame-rate", frameRate);
        List<Recorded> recorded = new ArrayList<>();
        SessionRecordings recordings = new SessionRecordings(recordingConfig,
                (taskId, video, length) -> recorded.add(new Recorded(length, Files.size(video))));
        try (TestSite site = TestSite.start(); ScriptedModelServer model = ScriptedModelServer.start()) {
            site.page("/small", page("Small", "<h1>Sign in</h1><form><input name=user><input type=password name=pw>"
                    + "</form>"))
                    .page("/typical", page("Article", typicalArticle()))
                    .page("/large", page("Large table", largeTable()));
            AgentRunner agent = new AgentRunner(
                    BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class,
                            "browser-agent.browser.sandbox", sandbox), TestNetworkRules.rules(true))),
                    new ModelClientFactory(TestConfigs.mapping(LlmConfig.class), Map.of("OPENAI_BASE_URL",
                            model.baseUrl())::get),
                    new NetworkPolicy(TestNetworkRules.rules(true)),
                    TestConfigs.mapping(AgentConfig.class, "browser-agent.agent.use-vision", "true"),
                    TestConfigs.mapping(SearchConfig.class),
                    TestConfigs.mapping(PageLimitsConfig.class), new NoFiles(),
                    List.of(TestNetworkRules.noSafeguards(), recordings));
            System.out.printf("Agent step overhead, %d steps per page (model excluded), Chromium's sandbox %s,"
                    + " session recording %s, milliseconds%n", steps, Boolean.parseBoolean(sandbox) ? "on" : "off",
                    recordings.recording() ? "on (at most " + recordingConfig.maxFrameRate() + " frames a second)" : "off");
            System.out.printf("%-10s %14s %14s %14s %12s %8s %16s%n", "page", "observe p50/95", "act p50/95",
                    "overhead p50/95", "page text", "run end", "video");
            for (String path : List.of("/small", "/typical", "/large")) {
                measure(agent, model, site, path, steps, recorded);
            }
        }
    }

    private static void measure(AgentRunner agent, ScriptedModelServer model, TestSite site, String path, int steps,
                                List<Recorded> recorded) {
        model.reset();
        model.when(p -> p.contains("Step 1 of"), p -> agentOutput("", "", "Open", action("navigate", "url",
                        site.url(path))))
                .when(p -> p.offeredActions().equals(List.of("done")), p -> agentOutput("", "", "Done",
                        action("done", "text", "measured")))
                .when(p -> true, p -> agentOutput("", "", "Click", action("click", "index", p.indexOf("id=counter"))));
        List<long[]> samples = new ArrayList<>();
        long[] last = {0};
        AgentResult result = agent.run(AgentTask.of(UUID.randomUUID(), "Benchmark", "gpt-4.1", steps + 2, 1280, 960,
                true), step -> {
            long now = System.nanoTime();
            // Steps after the page is open: the whole step (from the previous step's end) minus the model call.
            if (step.number() > 2 && step.number() <= steps + 1) {
                long wholeStep = (now - last[0]) / 1_000_000;
                samples.add(new long[]{step.timings().observeMillis(), step.timings().actMillis(),
                        wholeStep - step.timings().modelMillis()});
            }
            last[0] = now;
        });
        // From the last step to the run's return: the recording's encoding and storing, and closing the browser.
        long runEnd = (System.nanoTime() - last[0]) / 1_000_000;
        if (!result.success()) {
            throw new IllegalStateException("the benchmark run failed: " + result.failureReason());
        }
        ModelPrompt prompt = model.requests().get(model.requests().size() - 2);
        String text = prompt.userText();
        int pageText = text.indexOf("</browser_state>") - text.indexOf("<browser_state>");
        String video = recorded.isEmpty() ? "-" : String.format("%.1f s, %d KB",
                recorded.get(recorded.size() - 1).length().toMillis() / 1000.0,
                recorded.get(recorded.size() - 1).bytes() / 1024);
        recorded.clear();
        System.out.printf("%-10s %14s %14s %14s %9.1f KB %8d %16s%n", path.substring(1),
                percentiles(samples, s -> s[0]), percentiles(samples, s -> s[1]), percentiles(samples, s -> s[2]),
                pageText / 1024.0, runEnd, video);
    }

    /** A run's video as the recording store got it. */
    private record Recorded(Duration length, long bytes) {
    }

    private static String percentiles(List<long[]> samples, ToLongFunction<long[]> value) {
        long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
        return sorted[(int) Math.floor(0.5 * (sorted.length - 1))] + " / "
                + sorted[(int) Math.ceil(0.95 * (sorted.length - 1))];
    }

    private static String largeTable() {
        // 2,000 rows of 5 elements each: 10,000 elements.
        String rows = IntStream.range(0, 2000).mapToObj(i -> "<tr><td>Row " + i + "</td><td>" + (i * 7 % 100)
                + "</td><td><a href=\"/item/" + i + "\">Item " + i + "</a></td></tr>").collect(Collectors.joining());
        return "<table>" + rows + "</table>";
    }

    /** The benchmark uses no files. */
    private static final class NoFiles implements TaskFiles {

        @Override
        public Map<String, Path> fetchUploads(UUID taskId, List<String> names, Path directory) {
            return Map.of();
        }

        @Override
        public void saveOutput(UUID taskId, String fileName, byte[] content) {
            throw new IllegalStateException("the benchmark pages download nothing");
        }
    }
}
