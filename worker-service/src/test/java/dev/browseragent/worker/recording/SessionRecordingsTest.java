package dev.browseragent.worker.recording;

import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.agent.AgentResult;
import dev.browseragent.worker.agent.AgentRunner;
import dev.browseragent.worker.agent.AgentTask;
import dev.browseragent.worker.agent.LocalTaskFiles;
import dev.browseragent.worker.agent.SessionHooks;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.Screencast;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.LlmConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.RecordingConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run recorded as the worker records it: a real Chromium and its screencast, the real ffmpeg, the scripted model;
 * the recordings go to a store that keeps a copy of each video.
 */
class SessionRecordingsTest {

    private static TestSite site;
    private static ScriptedModelServer model;

    @TempDir
    Path kept;

    private final List<Kept> saved = new CopyOnWriteArrayList<>();

    /** A video as the store got it. */
    record Kept(UUID taskId, Path video, Duration length) {
    }

    @BeforeAll
    static void start() {
        site = TestSite.start().page("/still", "<html><head><title>Still</title></head><body><h1>A page that does not"
                + " move</h1><button onclick=\"this.textContent = 'Clicked'\">Click me</button></body></html>");
        model = ScriptedModelServer.start();
        model.when(p -> p.contains("Step 1 of"), p -> agentOutput("", "", "Open", action("navigate", "url",
                        site.url("/still"))))
                .when(p -> p.contains("Step 2 of"), p -> agentOutput("", "", "Look", action("wait", "seconds", 3)))
                .when(p -> p.contains("Step 3 of"), p -> agentOutput("", "", "Click", action("click", "index",
                        p.indexOf("Click me"))))
                .when(p -> p.contains("Step 4 of"), p -> agentOutput("", "", "Look", action("wait", "seconds", 3)))
                .when(p -> true, p -> agentOutput("", "", "Done", action("done", "text", "seen")));
    }

    @AfterAll
    static void stop() {
        model.close();
        site.close();
    }

    @Test
    void aRunIsRecordedAsAVideoFromItsFirstStepOnBesideAnotherSubscriberAndItsFramesAreDeleted() throws Exception {
        SessionRecordings recordings = recordings("true");
        CountingSubscriber liveViewer = new CountingSubscriber();
        UUID taskId = UUID.randomUUID();

        // The recording starts once the first step is done, just before the run's listener hears of it; the viewer's
        // hook ends just before the recording's.
        long[] firstStepAt = {0};
        AgentResult result = agent(watching(liveViewer), recordings).run(task(taskId), step -> {
            if (step.number() == 1) {
                firstStepAt[0] = System.nanoTime();
            }
        });

        assertTrue(result.success(), result.failureReason());
        assertEquals(1, saved.size());
        Kept video = saved.get(0);
        assertEquals(taskId, video.taskId());
        // The recording spans the task's time with the browser from its first step on, stills included (two waits of
        // 3 s); the viewer, there from the start, got frames of the first step too.
        Duration recordedSpan = Duration.ofNanos(liveViewer.detachedAt - firstStepAt[0]);
        assertTrue(recordedSpan.toMillis() > 6_000, "recorded span " + recordedSpan);
        assertEquals(recordedSpan.toMillis(), video.length().toMillis(), recordedSpan.toMillis() * 0.05,
                "recorded " + video.length() + " of " + recordedSpan + " with the browser after the first step");
        assertEquals(video.length().toMillis() / 1000.0, probedSeconds(video.video()), 0.2);
        assertTrue(liveViewer.frames.get() > 0, "the other subscriber got frames beside the recording");
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertFalse(left.anyMatch(path -> path.getFileName().toString().startsWith("recording-" + taskId)),
                    "the recording's frames are deleted");
        }
    }

    @Test
    void aWorkerWithRecordingsOffRecordsNothing() {
        SessionRecordings recordings = recordings("false");

        AgentResult result = agent(recordings).run(task(UUID.randomUUID()), step -> { });

        assertTrue(result.success(), result.failureReason());
        assertFalse(recordings.recording());
        assertEquals(List.of(), saved);
    }

    @Test
    void aFrameRateBelowOneOrNoDurationIsRefusedAtStart() {
        for (String[] setting : List.of(new String[]{"browser-agent.recording.max-frame-rate", "0"},
                new String[]{"browser-agent.recording.max-duration", "0s"})) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                    new SessionRecordings(TestConfigs.mapping(RecordingConfig.class, setting[0], setting[1]),
                            (taskId, video, length) -> saved.add(new Kept(taskId, video, length))));
            assertTrue(refused.getMessage().contains("browser-agent.recording.max-frame-rate must be at least 1"),
                    refused.getMessage());
        }
    }

    private SessionRecordings recordings(String enabled) {
        return new SessionRecordings(TestConfigs.mapping(RecordingConfig.class, "browser-agent.recording.enabled",
                enabled), (taskId, video, length) -> {
            Path copy = kept.resolve(taskId + ".webm");
            Files.copy(video, copy);
            saved.add(new Kept(taskId, copy, length));
        });
    }

    private static AgentRunner agent(SessionHooks... hooks) {
        return new AgentRunner(
                BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                        TestNetworkRules.rules(true))),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                        "browser-agent.llm.openai.base-url", model.baseUrl())),
                new NetworkPolicy(TestNetworkRules.rules(true)),
                TestConfigs.mapping(AgentConfig.class), TestConfigs.mapping(SearchConfig.class),
                TestConfigs.mapping(PageLimitsConfig.class), new LocalTaskFiles(),
                Stream.concat(Stream.of(TestNetworkRules.noSafeguards()), Stream.of(hooks)).toList());
    }

    private static AgentTask task(UUID taskId) {
        return AgentTask.of(taskId, "Look at the still page", "gpt-4.1", 6, 1024, 768, true);
    }

    /** Subscribes to the session's screencast while the task has it, as a live viewer does. */
    private static SessionHooks watching(CountingSubscriber subscriber) {
        return new SessionHooks() {
            @Override
            public void attach(UUID taskId, BrowserSession session) {
                session.screencast().subscribe(subscriber);
            }

            @Override
            public void detach(UUID taskId, BrowserSession session) {
                session.screencast().unsubscribe(subscriber);
                subscriber.detachedAt = System.nanoTime();
            }
        };
    }

    private static final class CountingSubscriber implements Screencast.Subscriber {

        private final AtomicInteger frames = new AtomicInteger();
        private volatile long detachedAt;

        @Override
        public void frame(byte[] jpeg, int pageWidth, int pageHeight) {
            frames.incrementAndGet();
        }

        @Override
        public void page(String url, String title) {
        }
    }

    private static double probedSeconds(Path video) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "default=nw=1:nk=1", video.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), output);
        return Double.parseDouble(output);
    }
}
