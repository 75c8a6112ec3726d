package dev.browseragent.worker.agent;

import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.LlmConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent in a real Chromium on a local site, the model played by the scripted server, which picks its answers from
 * the page it is shown: the cases only the worker can show (a page that attacks the observer, the highlight pixels of
 * a screenshot, the tokens of a step). The scenarios users meet (forms, shadow DOM, iframes, tabs, uploads, the step
 * limit, a model answering 429, each transport...) run end to end through the HTTP API in deploy/local's AgentIT.
 */
class AgentScenariosTest {

    private static TestSite site;
    private static ScriptedModelServer model;
    private static final int MAX_DOWNLOAD_BYTES = 1000;
    private static final LocalTaskFiles files = new LocalTaskFiles();
    private static AgentRunner agent;
    private final List<AgentStep> steps = new ArrayList<>();

    @BeforeAll
    static void start() {
        site = TestSite.start();
        model = ScriptedModelServer.start();
        agent = runner();
    }

    /** An agent in browsers started per task, with these {@code browser-agent.agent.*} settings. */
    private static AgentRunner runner(String... agentSettings) {
        Map<String, String> variables = Map.of("OPENAI_BASE_URL", model.baseUrl());
        return new AgentRunner(
                BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                        TestNetworkRules.rules(true))),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class, "browser-agent.llm.retry-backoff", "10ms"),
                        variables::get),
                new NetworkPolicy(TestNetworkRules.rules(true)),
                TestConfigs.mapping(AgentConfig.class, agentSettings), TestConfigs.mapping(SearchConfig.class),
                TestConfigs.mapping(PageLimitsConfig.class, "browser-agent.limits.download-file-bytes",
                        String.valueOf(MAX_DOWNLOAD_BYTES)),
                files, List.of(TestNetworkRules.noSafeguards()));
    }

    @AfterAll
    static void stop() {
        model.close();
        site.close();
    }

    @BeforeEach
    void newScenario() {
        model.reset();
    }

    private AgentResult run(String path, int maxSteps) {
        return run(AgentTask.of(UUID.randomUUID(), "Work on " + site.url(path), "gpt-4.1", maxSteps, 1024, 768, true),
                path);
    }

    /** Runs the task; its first step always opens the path. */
    private AgentResult run(AgentTask task, String path) {
        model.when(p -> p.contains("Step 1 of"), p -> agentOutput("Start", "", "Open the page",
                action("navigate", "url", site.url(path))));
        return agent.run(task, steps::add);
    }

    /** What the site's result page received last: the form or link the scenario ended with. */
    private static Map<String, List<String>> lastResult() {
        List<Map<String, List<String>>> results = site.results();
        return results.get(results.size() - 1);
    }

    private static String done(String text) {
        return agentOutput("Done", "", "Report", action("done", "text", text, "success", true));
    }

    @Test
    void aDownloadOverTheSizeLimitIsLeftOutAndTheOthersAreKept() {
        byte[] small = "a".repeat(MAX_DOWNLOAD_BYTES).getBytes(StandardCharsets.UTF_8);
        byte[] large = "b".repeat(MAX_DOWNLOAD_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        site.download("/small-file", "small.txt", small).download("/large-file", "large.txt", large)
                .page("/files", "<html><head><title>Files</title></head><body><a href=\"/small-file\">Small</a>"
                        + " <a href=\"/large-file\">Large</a></body></html>");
        // The page's two links are its first two elements.
        model.when(p -> p.contains("Title: Files"), p -> agentOutput("Files", "", "Download both",
                action("click", "index", p.indexOf("<a")), action("click", "index", p.indexOf("<a") + 1),
                action("wait", "seconds", 1), action("done", "text", "Downloaded", "success", true)));

        AgentResult result = run("/files", 3);

        assertEquals(new AgentResult(true, "Downloaded", null), result);
        assertArrayEquals(small, files.outputs.get("small.txt"), "a download of exactly the limit is kept");
        assertFalse(files.outputs.containsKey("large.txt"), "one byte over the limit is left out");
    }

    @Test
    void theTokensOfAnExtractCallCountInItsStep() {
        String paragraphs = IntStream.range(0, 100).mapToObj(i -> "<p>Paragraph " + i + " about nothing much.</p>")
                .collect(Collectors.joining());
        site.page("/manual", "<html><head><title>Manual</title></head><body>" + paragraphs + "</body></html>");
        model.when(p -> p.contains("Question: What is it about?"), p -> "Nothing much")
                .when(p -> p.contains("Extracted \"What is it about?\""), p -> done("Nothing much"))
                .when(p -> p.contains("Title: Manual"), p -> agentOutput("Manual", "", "Extract",
                        action("extract", "query", "What is it about?")));

        AgentResult result = run("/manual", 5);

        assertEquals(new AgentResult(true, "Nothing much", null), result);
        ModelPrompt stepCall = model.requests().get(1);
        ModelPrompt extractCall = model.requests().get(2);
        assertTrue(extractCall.contains("Question: What is it about?"), extractCall.userText());
        // The scripted model counts a prompt's tokens as its characters divided by four.
        assertEquals((stepCall.systemText() + stepCall.userText()).length() / 4
                        + (extractCall.systemText() + extractCall.userText()).length() / 4,
                steps.get(1).tokens().inputTokens(), "the step counts its own call and the extract call");
    }

    @Test
    void aPageThatReplacesWhatTheObserverUsesIsStillReadAndClickedCorrectly() {
        site.page("/hostile", """
                <html><head><title>Hostile</title><script>
                JSON.stringify = () => '{"url": "about:evil", "title": "Fake", "nodes": []}';
                Element.prototype.checkVisibility = () => false;
                const fake = {elements: new Map(), frames: new Map(), marked: []};
                Object.defineProperty(window, '__browserAgent', {get: () => fake, set: () => {}, configurable: false});
                addEventListener('load', () => fake.elements.set(2, document.getElementById('trap')));
                </script></head><body>
                <button id="real" onclick="location.href='/result?clicked=real'">Real</button>
                <button id="trap" onclick="location.href='/result?clicked=trap'">Trap</button>
                </body></html>""");
        model.when(p -> p.contains("Title: Result"), p -> done("Clicked"))
                .when(p -> p.contains("Title: Hostile"), p -> agentOutput("Hostile", "", "Click the real one",
                        action("click", "index", p.indexOf("id=real"))));

        AgentResult result = run("/hostile", 4);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("clicked", List.of("real")), lastResult());
        assertTrue(model.requests().get(1).contains("[1]<button type=submit id=real />\n\tReal\n[2]<button type=submit id=trap />"),
                model.requests().get(1).userText());
    }

    @Test
    void aTaskNamingItsAddressStartsOnThatPageWhenAskedAndTheModelIsToldSo() {
        site.page("/start", "<html><head><title>Start here</title></head><body><h1>Welcome</h1></body></html>");
        model.when(p -> p.contains("Title: Start here"), p -> done("Started"))
                .when(p -> true, p -> done("Not on the page"));
        AgentRunner opening = runner("browser-agent.agent.open-start-url", "true");

        AgentResult result = opening.run(AgentTask.of(UUID.randomUUID(), "Read the greeting on " + site.url("/start")
                + ".", "gpt-4.1", 3, 1024, 768, true), steps::add);

        assertEquals(new AgentResult(true, "Started", null), result, "the first step already reads the page");
        String told = "Before your first step the browser opened " + site.url("/start") + ", the address your task names.";
        assertTrue(model.requests().get(0).contains(told), model.requests().get(0).userText());
        assertTrue(steps.get(0).actionsJson().startsWith("[{\"notice\":\"" + told), "the step says so too");
    }

    @Test
    void aStartAddressTheNetworkPolicyRefusesIsNotOpenedAndTheModelHearsWhy() {
        model.when(p -> true, p -> done("Could not"));
        AgentRunner opening = runner("browser-agent.agent.open-start-url", "true");

        opening.run(AgentTask.of(UUID.randomUUID(), "Read http://no-such-host.invalid/news", "gpt-4.1", 2, 1024, 768,
                true), steps::add);

        assertTrue(model.requests().get(0).contains("The browser tried to open http://no-such-host.invalid/news, the"
                + " address your task names, before your first step: did not open http://no-such-host.invalid/news:"
                + " the host no-such-host.invalid cannot be resolved."), model.requests().get(0).userText());
    }

    @Test
    void withoutAStartAddressTheFirstStepSeesTheEmptyTabWithoutReadingIt() throws IOException {
        site.page("/plain", "<html><head><title>Plain</title></head><body>Plain</body></html>");
        model.when(p -> p.contains("Title: Plain"), p -> done("Seen"));

        run("/plain", 3);

        BufferedImage first = ImageIO.read(new ByteArrayInputStream(steps.get(0).screenshotPng()));
        assertEquals(List.of(1024, 768), List.of(first.getWidth(), first.getHeight()), "the task's viewport");
        assertFalse(hasColor(steps.get(0).screenshotPng(), rgb -> rgb != 0xffffff), "an empty page is white");
        assertTrue(model.requests().get(0).contains("data:,") || model.requests().get(0).contains("about:blank"),
                model.requests().get(0).userText());
        assertTrue(model.requests().get(1).contains("Title: Plain"), "later steps read the page");
    }

    @Test
    void aDialogThePageOpensIsDismissedAndTheRunGoesOn() {
        site.page("/dialog", """
                <html><head><title>Dialog</title></head><body>
                <button onclick="alert('Hello'); document.title = 'After the dialog'">Greet</button></body></html>""");
        model.when(p -> p.contains("Title: After the dialog"), p -> done("Greeted"))
                .when(p -> p.contains("Title: Dialog"), p -> agentOutput("Dialog", "", "Greet",
                        action("click", "index", p.indexOf("<button"))));

        AgentResult result = run("/dialog", 4);

        assertEquals(new AgentResult(true, "Greeted", null), result);
    }

    @Test
    void highlightsAreInTheScreenshotOnlyWhenAsked() throws IOException {
        site.page("/button", """
                <html><head><title>Button</title></head><body style="background:#fff">
                <button style="margin:40px;padding:20px;background:#fff;border:0">Press</button></body></html>""");
        model.when(p -> p.contains("Title: Button"), p -> done("Seen"));

        run(new AgentTask(UUID.randomUUID(), "Look", "gpt-4.1", 3, 1024, 768, true, true, null, List.of(), null, null),
                "/button");
        byte[] highlighted = steps.get(1).screenshotPng();
        steps.clear();
        run("/button", 3);
        byte[] plain = steps.get(1).screenshotPng();

        assertTrue(hasColor(highlighted, 0xe6194b) || hasColor(highlighted, 0x3cb44b), "a numbered box is drawn");
        assertFalse(hasColor(plain, 0xe6194b) || hasColor(plain, 0x3cb44b), "no box without highlight_elements");
        assertFalse(model.requests().get(1).contains("__browser_agent"), "the overlay never reaches the page text");
    }

    private static boolean hasColor(byte[] png, int rgb) throws IOException {
        return hasColor(png, color -> color == rgb);
    }

    private static boolean hasColor(byte[] png, IntPredicate rgb) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        for (int y = 0; y < image.getHeight(); y += 1) {
            for (int x = 0; x < image.getWidth(); x += 1) {
                if (rgb.test(image.getRGB(x, y) & 0xffffff)) {
                    return true;
                }
            }
        }
        return false;
    }
}
