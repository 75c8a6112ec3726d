package dev.browseragent.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.browser.BrowserConfig;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.network.TestNetworkRules;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.llm.LlmConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent on the kinds of pages users give it: a real Chromium on a local site, the model played by the scripted
 * server, which picks its answers from the page it is shown. Each case checks what the page or the site received.
 */
class AgentScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSite site;
    private static ScriptedModelServer model;
    private static AgentRunner agent;
    private static LocalTaskFiles files;
    private final List<AgentStep> steps = new ArrayList<>();

    @BeforeAll
    static void start() {
        site = TestSite.start();
        model = ScriptedModelServer.start();
        files = new LocalTaskFiles();
        // Each provider configured only through its standard variables, as an operator would.
        Map<String, String> variables = Map.of("OPENAI_BASE_URL", model.baseUrl(),
                "ANTHROPIC_BASE_URL", model.anthropicBaseUrl(), "ANTHROPIC_API_KEY", "a-key",
                "GEMINI_BASE_URL", model.geminiBaseUrl(), "GEMINI_API_KEY", "g-key");
        agent = new AgentRunner(
                BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                        TestNetworkRules.rules(true))),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class, "browser-agent.llm.retry-backoff", "10ms"),
                        variables::get),
                new NetworkPolicy(TestNetworkRules.rules(true)),
                TestConfigs.mapping(AgentConfig.class),
                files, TestNetworkRules.noSafeguards());
    }

    @AfterAll
    static void stop() {
        model.close();
        site.close();
    }

    @BeforeEach
    void newScenario() {
        model.reset();
        files.uploads.clear();
        files.outputs.clear();
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
    void fillsANativeFormWhoseSubmittedValuesAreTheOnesAsked() {
        site.page("/order", """
                <html><head><title>Order form</title></head><body><form action="/result">
                <label>Size <select name="size"><option value="s">Small</option><option value="m">Medium</option>
                <option value="l">Large</option></select></label>
                <label><input type="radio" name="color" value="red">Red</label>
                <label><input type="radio" name="color" value="blue">Blue</label>
                <label><input type="checkbox" name="gift" value="yes">Gift wrap</label>
                <textarea name="note"></textarea>
                <input type="date" name="when">
                <button type="submit">Order</button></form></body></html>""");
        model.when(p -> p.contains("Title: Result"), p -> done("Ordered"))
                .when(p -> p.contains("Title: Order form"), p -> agentOutput("Form open", "", "Fill and submit",
                        action("select_dropdown", "index", p.indexOf("name=size"), "text", "Large"),
                        action("click", "index", p.indexOf("value=blue")),
                        action("click", "index", p.indexOf("name=gift")),
                        action("input", "index", p.indexOf("name=note"), "text", "Leave at the door"),
                        action("input", "index", p.indexOf("name=when"), "text", "2025-03-14"),
                        action("click", "index", p.indexOf("type=submit"))));

        AgentResult result = run("/order", 5);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("size", List.of("l"), "color", List.of("blue"), "gift", List.of("yes"),
                "note", List.of("Leave at the door"), "when", List.of("2025-03-14")), lastResult());
    }

    @Test
    void extractsATableIntoStructuredOutputAndCorrectsAnInvalidFirstAnswer() throws Exception {
        site.page("/products", """
                <html><head><title>Products</title></head><body><table>
                <tr><th>Name</th><th>Price</th></tr><tr><td>Kettle</td><td>25.5</td></tr>
                <tr><td>Toaster</td><td>40</td></tr></table></body></html>""");
        String schema = """
                {"type": "object", "required": ["products"], "properties": {"products": {"type": "array", "items":
                 {"type": "object", "required": ["name", "price"],
                  "properties": {"name": {"type": "string"}, "price": {"type": "number"}}}}}}""";
        String valid = "{\"products\":[{\"name\":\"Kettle\",\"price\":25.5},{\"name\":\"Toaster\",\"price\":40}]}";
        JsonNode validData = JSON.readTree(valid);
        model.when(p -> p.contains("data does not match the required schema"), p -> agentOutput("Corrected", "",
                        "Report", action("done", "data", validData, "success", true)))
                .when(p -> p.contains("Title: Products"), p -> agentOutput("Table found", "", "Report",
                        action("done", "data", Map.of("products", List.of(Map.of("name", "Kettle", "price", "cheap"))),
                                "success", true)));

        AgentResult result = run(new AgentTask(UUID.randomUUID(), "List the products", "gpt-4.1", 5, 1024, 768,
                false, false, schema, List.of()), "/products");

        assertTrue(result.success(), result.toString());
        assertEquals(JSON.readTree(valid), JSON.readTree(result.output()));
        JsonNode rejected = JSON.readTree(steps.get(1).actionsJson()).get(0);
        assertEquals("error", rejected.get("status").asText());
        assertTrue(rejected.get("message").asText().contains("price: string found, number expected"), rejected.toString());
        JsonNode doneSchema = model.requests().get(0).body()
                .at("/response_format/json_schema/schema/properties/action/items/anyOf");
        JsonNode done = doneSchema.get(doneSchema.size() - 1).at("/properties/done/properties/data");
        assertEquals("number", done.at("/properties/products/items/properties/price/type").asText(), done.toString());
    }

    @Test
    void clicksAButtonInAnOpenShadowRootAndFillsAFormInASameOriginIframe() {
        site.page("/shadow", """
                <html><head><title>Shadow</title></head><body><div id="host"></div><script>
                const root = document.getElementById('host').attachShadow({mode: 'open'});
                root.innerHTML = '<button onclick="location.href=\\'/frame\\'">Inside shadow</button>';
                </script></body></html>""")
                .page("/frame", """
                        <html><head><title>Framed</title></head><body><iframe src="/inner" width="600" height="300">
                        </iframe></body></html>""")
                .page("/inner", """
                        <html><body><form action="/result" target="_top"><input name="city">
                        <button type="submit">Send city</button></form></body></html>""");
        model.when(p -> p.contains("Title: Result"), p -> done("Sent"))
                .when(p -> p.contains("Title: Framed") && p.contains("name=city"), p -> agentOutput("Frame", "",
                        "Fill it", action("input", "index", p.indexOf("name=city"), "text", "Paris"),
                        action("click", "index", p.indexOf("type=submit"))))
                .when(p -> p.contains("Title: Shadow"), p -> agentOutput("Shadow", "", "Click it",
                        action("click", "index", p.indexOf("<button"))));

        AgentResult result = run("/shadow", 6);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("city", List.of("Paris")), lastResult());
    }

    @Test
    void aLinkToANewTabAndAPopupBecomeCurrentAndTheModelIsToldSo() throws Exception {
        site.page("/tabs", """
                <html><head><title>Tabs</title></head><body>
                <a href="/result?tab=new" target="_blank">Open in new tab</a>
                <button onclick="window.open('/result?tab=popup', 'popup', 'width=400,height=300')">Open popup</button>
                </body></html>""");
        Pattern tabsTab = Pattern.compile("- Tab (\\w+): Tabs ");
        model.when(p -> p.contains("URL: " + site.url("/result?tab=popup")), p -> done("Both opened"))
                .when(p -> p.contains("URL: " + site.url("/result?tab=new")), p -> {
                    Matcher tab = tabsTab.matcher(p.userText());
                    tab.find();
                    return agentOutput("New tab", "", "Back", action("switch", "tab_id", tab.group(1)));
                })
                .when(p -> p.contains("Title: Tabs") && p.contains("Switched to tab"), p -> agentOutput("Back", "",
                        "Popup", action("click", "index", p.indexOf("<button"))))
                .when(p -> p.contains("Title: Tabs"), p -> agentOutput("Tabs", "", "New tab",
                        action("click", "index", p.indexOf("<a"))));

        AgentResult result = run("/tabs", 8);

        assertTrue(result.success(), result.toString());
        List<Map<String, List<String>>> results = site.results();
        assertEquals(List.of(Map.of("tab", List.of("new")), Map.of("tab", List.of("popup"))),
                results.subList(results.size() - 2, results.size()));
        String linkClick = JSON.readTree(steps.get(1).actionsJson()).at("/0/message").asText();
        assertTrue(linkClick.matches("Clicked element \\[\\d+]; it opened tab \\w+, which is now current"), linkClick);
        String popupClick = JSON.readTree(steps.get(3).actionsJson()).at("/0/message").asText();
        assertTrue(popupClick.contains("it opened tab"), popupClick);
    }

    @Test
    void dismissesACookieBannerFirst() {
        site.page("/banner", """
                <html><head><title>News</title></head><body>
                <a id="story" href="/result?read=story">Read the story</a>
                <div id="banner" style="position:fixed;inset:0;background:#fff;z-index:10">We use cookies
                <button onclick="document.cookie='consent=yes';document.getElementById('banner').remove()">Accept all</button>
                </div></body></html>""");
        model.when(p -> p.contains("Title: Result"), p -> done("Read"))
                .when(p -> p.contains("Title: News") && !p.contains("We use cookies"), p -> agentOutput("Banner gone",
                        "", "Read", action("click", "index", p.indexOf("id=story"))))
                .when(p -> p.contains("We use cookies"), p -> agentOutput("Banner", "", "Accept",
                        action("click", "index", p.indexOf("<button"))));

        AgentResult result = run("/banner", 5);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("read", List.of("story")), lastResult());
    }

    @Test
    void findsATargetFarDownAFiveThousandElementPage() {
        String items = IntStream.range(0, 5000).mapToObj(i -> "<div>Item " + i + "</div>").collect(Collectors.joining());
        site.page("/long", "<html><head><title>Long list</title></head><body>" + items
                + "<a href=\"/result?found=yes\">The hidden treasure</a></body></html>");
        model.when(p -> p.contains("Title: Result"), p -> done("Found"))
                .when(p -> p.contains("The hidden treasure"), p -> agentOutput("Found", "", "Open it",
                        action("click", "index", p.indexOf("<a"))))
                .when(p -> p.contains("Title: Long list"), p -> agentOutput("Long", "", "Find it",
                        action("find_text", "text", "hidden treasure")));

        AgentResult result = run("/long", 5);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("found", List.of("yes")), lastResult());
        assertTrue(model.requests().get(1).userText().length() < 40_000, "only what is near the viewport is shown");
    }

    @Test
    void typesIntoAContentEditableEditor() {
        site.page("/editor", """
                <html><head><title>Editor</title></head><body>
                <div id="editor" contenteditable="true">Old draft</div>
                <button onclick="location.href='/result?text='+encodeURIComponent(editor.innerText)">Save</button>
                </body></html>""");
        model.when(p -> p.contains("Title: Result"), p -> done("Saved"))
                .when(p -> p.contains("Title: Editor"), p -> agentOutput("Editor", "", "Write",
                        action("input", "index", p.indexOf("id=editor"), "text", "Hello editor"),
                        action("click", "index", p.indexOf("<button"))));

        AgentResult result = run("/editor", 5);

        assertTrue(result.success(), result.toString());
        assertEquals(Map.of("text", List.of("Hello editor")), lastResult());
    }

    @Test
    void uploadsOneOfTheTasksFilesAndKeepsADownloadAsAnOutputFile() {
        files.uploads.put("notes.txt", "Meet at noon".getBytes(StandardCharsets.UTF_8));
        site.download("/report", "report.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
                .page("/files", """
                        <html><head><title>Files</title></head><body>
                        <input type="file" id="file" onchange="this.files[0].text().then(t => shown.textContent = 'Got: ' + t)">
                        <p id="shown"></p><a href="/report">Download the report</a></body></html>""");
        model.when(p -> p.contains("Got: Meet at noon"), p -> agentOutput("Uploaded", "", "Download",
                        action("click", "index", p.indexOf("<a")), action("wait", "seconds", 1),
                        action("done", "text", "Uploaded and downloaded", "success", true)))
                .when(p -> p.contains("Title: Files"), p -> agentOutput("Files", "", "Upload",
                        action("upload_file", "index", p.indexOf("type=file"), "path", "notes.txt")));

        AgentResult result = run(new AgentTask(UUID.randomUUID(), "Upload and download", "gpt-4.1", 5, 1024, 768,
                false, false, null, List.of("notes.txt")), "/files");

        assertTrue(result.success(), result.toString());
        assertTrue(model.requests().get(0).contains("Files you can upload with upload_file: notes.txt"));
        assertArrayEquals("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), files.outputs.get("report.csv"));
    }

    @Test
    void extractAnswersFromTheWholeOfALongPage() {
        String paragraphs = IntStream.range(0, 400).mapToObj(i -> "<p>Paragraph " + i + " about nothing much.</p>")
                .collect(Collectors.joining());
        site.page("/manual", "<html><head><title>Manual</title></head><body>" + paragraphs
                + "<p>The warranty lasts 7 years.</p></body></html>");
        model.when(p -> p.contains("Question: How long is the warranty?"), p -> "7 years")
                .when(p -> p.contains("Extracted \"How long is the warranty?\":\n7 years"), p -> done("7 years"))
                .when(p -> p.contains("Title: Manual"), p -> agentOutput("Manual", "", "Extract",
                        action("extract", "query", "How long is the warranty?")));

        AgentResult result = run("/manual", 5);

        assertEquals(new AgentResult(true, "7 years", null), result);
        ModelPrompt extract = model.requests().stream().filter(p -> p.contains("Question:")).findFirst().orElseThrow();
        assertTrue(extract.contains("The warranty lasts 7 years."), "the whole page, not only the viewport");
        assertTrue(steps.get(1).tokens().inputTokens() > extract.userText().length() / 8,
                "the extract call's tokens count in its step");
    }

    @Test
    void endsWithTheStepsItWasAllowedAndSaysWhy() {
        site.page("/endless", "<html><head><title>Endless</title></head><body><p>Keep going</p></body></html>");
        model.when(p -> p.contains("Title: Endless"), p -> agentOutput("", "", "Scroll",
                action("scroll", "down", true)));

        AgentResult result = run("/endless", 3);

        assertFalse(result.success());
        assertEquals(3, steps.size());
        assertTrue(result.failureReason().startsWith("reached the maximum of 3 steps without finishing; the last"
                + " error: scroll: the action 'scroll' is not allowed now"), result.failureReason());
        assertEquals(List.of("done"), model.requests().get(2).offeredActions());
        assertTrue(model.requests().get(2).contains("The page did not change after your last actions"));
    }

    @Test
    void aModelThatAnswers429TwiceIsTriedAgainAndTheTaskSucceeds() {
        site.page("/simple", "<html><head><title>Simple</title></head><body><p>Hello</p></body></html>");
        model.when(p -> p.contains("Title: Simple"), p -> done("Hello"));
        model.failNext(2, 429, "0");

        AgentResult result = run("/simple", 3);

        assertEquals(new AgentResult(true, "Hello", null), result);
        assertEquals(4, model.requests().size(), "two refused tries, then the two steps");
        assertEquals(2, steps.size());
    }

    @Test
    void theSameTaskRunsThroughEachOfTheFourTransports() {
        site.page("/simple", "<html><head><title>Simple</title></head><body><p>Hello</p></body></html>");
        model.when(p -> p.contains("Title: Simple"), p -> done("Hello from " + p.model()));
        for (String name : List.of("gpt-4.1", "claude-sonnet-4-20250514", "gemini-2.5-flash", "qwen2.5vl:7b")) {
            AgentResult result = run(AgentTask.of(UUID.randomUUID(), "Say hello", name, 3, 1024, 768, true), "/simple");

            assertEquals(new AgentResult(true, "Hello from " + name, null), result);
        }
        assertEquals(Set.of("/v1/chat/completions", "/v1/messages", "/v1beta/models/gemini-2.5-flash:generateContent"),
                model.requests().stream().map(ModelPrompt::path).collect(Collectors.toSet()));
        assertTrue(model.requests().stream().allMatch(p -> p.images().size() == 1), "every transport carries vision");
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
    void highlightsAreInTheScreenshotOnlyWhenAsked() throws IOException {
        site.page("/button", """
                <html><head><title>Button</title></head><body style="background:#fff">
                <button style="margin:40px;padding:20px;background:#fff;border:0">Press</button></body></html>""");
        model.when(p -> p.contains("Title: Button"), p -> done("Seen"));

        run(new AgentTask(UUID.randomUUID(), "Look", "gpt-4.1", 3, 1024, 768, true, true, null, List.of()),
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
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        for (int y = 0; y < image.getHeight(); y += 1) {
            for (int x = 0; x < image.getWidth(); x += 1) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
