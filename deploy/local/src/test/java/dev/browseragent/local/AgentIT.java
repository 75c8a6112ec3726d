package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.TestSite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent through the HTTP API of the packaged stack, as a user meets it: real PostgreSQL, Kafka and Chromium, the
 * scripted model speaking each provider's protocol, every provider configured only through its standard variables.
 * Each case submits a task with {@code run-task}, polls {@code task/{id}} until it ends, and checks what the API
 * shows (status, output, steps, files, failure reason) and what the test site received.
 * <p>
 * The cases run at once (the worker has several slots), so none may look at another's traffic: each task's text
 * names the page it opens, the model's rules for it match only its prompts ({@link ScriptedTask}), and each page
 * submits parameters no other page uses. Each case, not the class, is marked concurrent: a concurrent class would
 * also run beside the other test classes, and two stacks on one machine would slow each other's timed cases.
 */
class AgentIT {

    /** The first step of every task opens the page its text names: "Open /path and ...". */
    private static final Pattern OPENED_PATH = Pattern.compile("<user_request>\nOpen (/\\S+) ");
    private static final String PRODUCTS_TABLE = """
            <table><tr><th>Name</th><th>Price</th></tr><tr><td>Kettle</td><td>25.5</td></tr>
            <tr><td>Toaster</td><td>40</td></tr></table>""";
    private static final String PRODUCTS_JSON =
            "{\"products\":[{\"name\":\"Kettle\",\"price\":25.5},{\"name\":\"Toaster\",\"price\":40}]}";
    private static final Map<String, Object> PRODUCTS_SCHEMA = Map.of("type", "object", "required", List.of("products"),
            "properties", Map.of("products", Map.of("type", "array", "items", Map.of("type", "object",
                    "required", List.of("name", "price"), "properties", Map.of(
                            "name", Map.of("type", "string"), "price", Map.of("type", "number"))))));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shared stack keeps file bytes in an S3 bucket: the worker reads uploads from it and stores downloads in it. */
    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    /** Only this class's tasks start with "Open /path ": the other classes' first steps go to their own rules. */
    @BeforeAll
    static void openTheNamedPageFirst() {
        stack.model().when(p -> p.contains("Step 1 of") && openedPath(p) != null,
                p -> agentOutput("Start", "", "Open the page", action("navigate", "url", stack.site().url(openedPath(p)))));
    }

    /** The path the task's text says to open, or null for a task of another class. */
    private static String openedPath(ModelPrompt prompt) {
        Matcher path = OPENED_PATH.matcher(prompt.userText());
        return path.find() ? path.group(1) : null;
    }

    /**
     * A task whose text starts with "Open {path} ", which every prompt of the task carries, so the rules added to it
     * answer only its prompts.
     */
    private static ScriptedTask opening(String path, String goal) {
        return new ScriptedTask(stack, "Open " + path + " ", "Open " + path + " and " + goal);
    }

    /** A task whose page sends something to the site's result page; there, the model reports it done. */
    private static ScriptedTask submitting(String path, String goal) {
        return opening(path, goal).when("Title: Result", p -> done("Sent"));
    }

    private static String done(String text) {
        return agentOutput("Done", "", "Report", action("done", "text", text, "success", true));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void navigatesAcrossSeveralPagesAndReportsWhatTheLastOneSays() throws Exception {
        stack.site().page("/shop", page("Shop", """
                        <a id="garden" href="/shop/garden">Garden</a> <a id="kitchen" href="/shop/kitchen">Kitchen</a>"""))
                .page("/shop/kitchen", page("Kitchen", "<a id=\"kettle\" href=\"/shop/kettle\">Kettle</a>"))
                .page("/shop/kettle", page("Kettle", "<p>The kettle costs 25.50 EUR.</p>"));
        ScriptedTask shop = opening("/shop", "find the price of the kettle")
                .when("Title: Kettle", p -> done("The kettle costs 25.50 EUR"))
                .when("Title: Kitchen", p -> click(p, "id=kettle"))
                .when("Title: Shop", p -> click(p, "id=kitchen"));

        JsonNode task = shop.finish();

        assertEquals("The kettle costs 25.50 EUR", task.get("output").asText());
        assertEquals(List.of("about:blank", stack.site().url("/shop"), stack.site().url("/shop/kitchen"),
                stack.site().url("/shop/kettle")), texts(task.get("steps"), "url"));
        assertEquals(List.of(1, 2, 3, 4), StreamSupport.stream(task.get("steps").spliterator(), false)
                .map(step -> step.get("step").asInt()).toList());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void fillsANativeFormWhoseSubmittedValuesAreTheOnesAsked() throws Exception {
        stack.site().page("/order", page("Order form", """
                <form action="/result">
                <label>Size <select name="size"><option value="s">Small</option><option value="m">Medium</option>
                <option value="l">Large</option></select></label>
                <label><input type="radio" name="color" value="red">Red</label>
                <label><input type="radio" name="color" value="blue">Blue</label>
                <label><input type="checkbox" name="gift" value="yes">Gift wrap</label>
                <textarea name="note"></textarea>
                <input type="date" name="when">
                <button type="submit">Order</button></form>"""));
        ScriptedTask order = submitting("/order", "order a large blue gift")
                .when("Title: Order form", p -> agentOutput("Form open", "", "Fill and submit",
                        action("select_dropdown", "index", p.indexOf("name=size"), "text", "Large"),
                        action("click", "index", p.indexOf("value=blue")),
                        action("click", "index", p.indexOf("name=gift")),
                        action("input", "index", p.indexOf("name=note"), "text", "Leave at the door"),
                        action("input", "index", p.indexOf("name=when"), "text", "2025-03-14"),
                        action("click", "index", p.indexOf("type=submit"))));

        order.finish();

        assertEquals(List.of(Map.of("size", List.of("l"), "color", List.of("blue"), "gift", List.of("yes"),
                "note", List.of("Leave at the door"), "when", List.of("2025-03-14"))), submitted("size"));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void extractsATableIntoSchemaValidStructuredOutput() throws Exception {
        stack.site().page("/price-list", page("Price list", PRODUCTS_TABLE));
        JsonNode products = JSON.readTree(PRODUCTS_JSON);
        ScriptedTask prices = opening("/price-list", "list the products")
                .when("Title: Price list", p -> agentOutput("Table", "", "Report",
                        action("done", "data", products, "success", true)));

        JsonNode task = prices.finish(Map.of("structured_output_json", PRODUCTS_SCHEMA));

        assertEquals(products, JSON.readTree(task.get("output").asText()));
        assertEquals(2, task.get("steps").size(), "open, then the answer accepted at once");
        JsonNode offeredDone = prices.prompts().get(0).body()
                .at("/response_format/json_schema/schema/properties/action/items/anyOf");
        JsonNode doneData = offeredDone.get(offeredDone.size() - 1).at("/properties/done/properties/data");
        assertEquals("number", doneData.at("/properties/products/items/properties/price/type").asText(),
                "the task's schema is part of the answer schema: " + doneData);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTableBecomesSchemaValidStructuredOutputAfterTheModelCorrectsItsFirstAnswer() throws Exception {
        stack.site().page("/products", page("Products", PRODUCTS_TABLE));
        JsonNode products = JSON.readTree(PRODUCTS_JSON);
        ScriptedTask listing = opening("/products", "list them")
                .when("data does not match the required schema", p -> agentOutput("Corrected", "", "Report",
                        action("done", "data", products, "success", true)))
                .when("Title: Products", p -> agentOutput("Table", "", "Report", action("done",
                        "data", Map.of("products", List.of(Map.of("name", "Kettle", "price", "cheap"))), "success", true)));

        JsonNode task = listing.finish(Map.of("structured_output_json", JSON.writeValueAsString(PRODUCTS_SCHEMA)));

        assertEquals(products, JSON.readTree(task.get("output").asText()));
        assertEquals(3, task.get("steps").size(), "open, the rejected answer, the corrected one");
        assertTrue(listing.prompts().get(2).contains("price: string found, number expected"),
                "the model is told what was wrong: " + listing.prompts().get(2).userText());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void clicksAButtonInAnOpenShadowRoot() throws Exception {
        stack.site().page("/shadow", page("Shadow", """
                <div id="host"></div><script>
                const root = document.getElementById('host').attachShadow({mode: 'open'});
                root.innerHTML = '<button onclick="location.href=\\'/result?pressed=shadow\\'">Inside shadow</button>';
                </script>"""));
        ScriptedTask shadow = submitting("/shadow", "press the button")
                .when("Title: Shadow", p -> click(p, "<button"));

        shadow.finish();

        assertSiteReceived("pressed", "shadow");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void fillsAFormInASameOriginIframe() throws Exception {
        stack.site().page("/framed", page("Framed", "<iframe src=\"/framed-form\" width=\"600\" height=\"300\"></iframe>"))
                .page("/framed-form", """
                        <html><body><form action="/result" target="_top"><input name="city">
                        <button type="submit">Send city</button></form></body></html>""");
        ScriptedTask framed = submitting("/framed", "send the city Paris")
                .when("name=city", p -> typeAndClick(p, "name=city", "Paris", "type=submit"));

        framed.finish();

        assertSiteReceived("city", "Paris");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aLinkToANewTabAndAWindowOpenPopupBecomeCurrentAndTheModelIsToldSo() throws Exception {
        stack.site().page("/tabs", page("Tabs", """
                <a href="/result?tab=new" target="_blank">Open in new tab</a>
                <button onclick="window.open('/result?tab=popup', 'popup', 'width=400,height=300')">Open popup</button>"""));
        Pattern tabsTab = Pattern.compile("- Tab (\\w+): Tabs ");
        ScriptedTask tabs = opening("/tabs", "open both")
                .when("URL: " + stack.site().url("/result?tab=popup"), p -> done("Both opened"))
                .when("URL: " + stack.site().url("/result?tab=new"), p -> {
                    Matcher tab = tabsTab.matcher(p.userText());
                    if (!tab.find()) {
                        throw new IllegalStateException("the first tab is not listed");
                    }
                    return agentOutput("New tab", "", "Back", action("switch", "tab_id", tab.group(1)));
                })
                .when("Switched to tab", p -> click(p, "<button"))
                .when("Title: Tabs", p -> click(p, "<a"));

        JsonNode task = tabs.finish();

        assertEquals(List.of(Map.of("tab", List.of("new")), Map.of("tab", List.of("popup"))), submitted("tab"));
        assertEquals(List.of(stack.site().url("/result?tab=new"), stack.site().url("/tabs"),
                        stack.site().url("/result?tab=popup")),
                texts(task.get("steps"), "url").subList(2, 5), "each opened tab was current in the next step");
        List<ModelPrompt> prompts = tabs.prompts();
        assertTrue(prompts.get(2).userText().matches("(?s).*Clicked element \\[\\d+]; it opened tab \\w+, which is now current.*"),
                prompts.get(2).userText());
        assertTrue(prompts.get(4).contains("it opened tab"), prompts.get(4).userText());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void dismissesACookieBannerFirst() throws Exception {
        stack.site().page("/news", page("News", """
                <a id="story" href="/result?read=story" onclick="this.href += '&' + document.cookie">Read the story</a>
                <div style="position:fixed;inset:0;background:#fff;z-index:10" id="banner">We use cookies
                <button onclick="document.cookie='consent=yes';banner.remove()">Accept all</button></div>"""));
        ScriptedTask news = submitting("/news", "read the story")
                .when("We use cookies", p -> click(p, "<button"))
                .when("Title: News", p -> click(p, "id=story"));

        news.finish();

        assertEquals(List.of(Map.of("read", List.of("story"), "consent", List.of("yes"))), submitted("read"),
                "the story was opened after the banner was accepted");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void findsATargetFarDownAFiveThousandElementPageWithFindText() throws Exception {
        String items = IntStream.range(0, 5000).mapToObj(i -> "<div>Item " + i + "</div>").collect(Collectors.joining());
        stack.site().page("/long", page("Long list", items + "<a href=\"/result?found=treasure\">The hidden treasure</a>"));
        ScriptedTask list = submitting("/long", "open the hidden treasure")
                .when("The hidden treasure", p -> click(p, "<a"))
                .when("Title: Long list", p -> agentOutput("Long", "", "Find it", action("find_text", "text", "hidden treasure")));

        list.finish();

        assertSiteReceived("found", "treasure");
        ModelPrompt firstLook = list.prompts().get(1);
        assertFalse(firstLook.contains("The hidden treasure"), "the target starts out of view");
        assertTrue(firstLook.userText().length() < 40_000, "only what is near the viewport is shown");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void typesIntoAContentEditableEditor() throws Exception {
        stack.site().page("/editor", page("Editor", """
                <div id="editor" contenteditable="true">Old draft</div>
                <button onclick="location.href='/result?draft='+encodeURIComponent(editor.innerText)">Save</button>"""));
        ScriptedTask editor = submitting("/editor", "write Hello editor")
                .when("Title: Editor", p -> typeAndClick(p, "id=editor", "Hello editor", "<button"));

        editor.finish();

        assertSiteReceived("draft", "Hello editor");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void uploadsAFileTheUserAttachedToTheTask() throws Exception {
        byte[] notes = "Meet at noon — café on the corner\n".getBytes(StandardCharsets.UTF_8);
        stack.client().upload("meeting-notes.txt", "text/plain", notes);
        stack.site().page("/upload", page("Upload", """
                <form action="/result" method="post" enctype="multipart/form-data">
                <input type="file" name="attachment"><button type="submit">Send</button></form>"""));
        ScriptedTask upload = submitting("/upload", "send the notes")
                .when("Title: Upload", p -> agentOutput("Form", "", "Attach and send",
                        action("upload_file", "index", p.indexOf("type=file"), "path", "meeting-notes.txt"),
                        action("click", "index", p.indexOf("type=submit"))));

        JsonNode task = upload.finish(Map.of("included_file_names", List.of("meeting-notes.txt")));

        assertEquals(List.of("meeting-notes.txt"), texts(task.get("user_uploaded_files")));
        List<TestSite.Upload> received = stack.site().uploads().stream()
                .filter(file -> file.field().equals("attachment")).toList();
        assertEquals(1, received.size(), received.toString());
        assertEquals("meeting-notes.txt", received.get(0).fileName());
        assertArrayEquals(notes, received.get(0).content());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void eachStepsScreenshotIsKeptInTheBucketAndServedAtItsSignedUrl() throws Exception {
        stack.site().page("/gallery", page("Gallery", "<a id=\"next\" href=\"/gallery/2\">Next picture</a>"))
                .page("/gallery/2", page("Second picture", "<p>The end of the gallery.</p>"));
        ScriptedTask gallery = opening("/gallery", "look at both pictures")
                .when("Title: Second picture", p -> done("Seen both"))
                .when("Title: Gallery", p -> click(p, "id=next"));

        JsonNode task = gallery.finish();

        String id = task.get("id").asText();
        List<String> urls = texts(stack.client().get("/task/" + id + "/screenshots").get("screenshots"));
        assertEquals(task.get("steps").size(), urls.size(), "one screenshot per step: " + urls);
        assertEquals(urls.size(), stack.bucket().keys("tasks/" + id + "/attempts/1/screenshots/").size());
        for (int step = 1; step <= urls.size(); step++) {
            byte[] stored = stack.bucket().content("tasks/" + id + "/attempts/1/screenshots/" + step);
            HttpResponse<byte[]> served = stack.client().download(urls.get(step - 1));
            assertEquals(200, served.statusCode());
            assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
            assertArrayEquals(stored, served.body(), "step " + step + " is served from the bucket");
        }
        HttpResponse<byte[]> gif = stack.client().download(stack.client().get("/task/" + id + "/gif").get("gif").asText());
        assertEquals(200, gif.statusCode());
        assertEquals("GIF89a", new String(gif.body(), 0, 6, StandardCharsets.US_ASCII));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aFileThePageDownloadsBecomesAnOutputFileOfTheTask() throws Exception {
        byte[] report = "month,total\njan,12\nfeb,15\n".getBytes(StandardCharsets.UTF_8);
        stack.site().download("/monthly-report", "report.csv", report)
                .page("/downloads", page("Downloads", "<a href=\"/monthly-report\">Download the report</a>"));
        ScriptedTask downloads = opening("/downloads", "download the report")
                .when("Title: Downloads", p -> agentOutput("Link", "", "Download",
                        action("click", "index", p.indexOf("<a")), action("wait", "seconds", 1),
                        action("done", "text", "Downloaded", "success", true)));

        JsonNode task = downloads.finish();

        assertEquals(List.of("report.csv"), texts(task.get("output_files")));
        List<String> stored = stack.bucket().keys("tasks/" + task.get("id").asText() + "/outputs/");
        assertEquals(1, stored.size(), "the worker stored the download in the bucket: " + stored);
        assertArrayEquals(report, stack.bucket().content(stored.get(0)));
        String downloadUrl = stack.client().get("/task/" + task.get("id").asText() + "/output-file/report.csv")
                .get("download_url").asText();
        HttpResponse<byte[]> file = stack.client().download(downloadUrl);
        assertEquals(200, file.statusCode());
        assertArrayEquals(report, file.body());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void extractAnswersFromTheWholeOfALongPage() throws Exception {
        String paragraphs = IntStream.range(0, 400).mapToObj(i -> "<p>Paragraph " + i + " about nothing much.</p>")
                .collect(Collectors.joining());
        stack.site().page("/manual", page("Manual", paragraphs + "<p>The warranty lasts 7 years.</p>"));
        String question = "How long is the kettle's warranty?";
        // The extract call carries the page, not the task: its rule needs no scenario.
        stack.model().when(p -> p.contains("Question: " + question), p -> "7 years");
        ScriptedTask manual = opening("/manual", "find how long the warranty lasts")
                .when("Extracted \"" + question + "\":\n7 years", p -> done("The warranty lasts 7 years"))
                .when("Title: Manual", p -> agentOutput("Manual", "", "Extract", action("extract", "query", question)));

        JsonNode task = manual.finish();

        assertEquals("The warranty lasts 7 years", task.get("output").asText());
        ModelPrompt extract = stack.model().requests().stream().filter(p -> p.contains("Question: " + question))
                .findFirst().orElseThrow();
        assertTrue(extract.contains("The warranty lasts 7 years."), "the whole page, not only the viewport");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void endsWithTheStepsItWasAllowedAndSaysWhy() throws Exception {
        stack.site().page("/endless", page("Endless", "<p>Keep going</p>"));
        ScriptedTask endless = opening("/endless", "keep scrolling")
                .when("Title: Endless", p -> agentOutput("", "", "Scroll", action("scroll", "down", true)));

        JsonNode task = endless.run(Map.of("max_agent_steps", 2));

        assertEquals("failed", task.get("status").asText(), task.toString());
        assertEquals(2, task.get("steps").size());
        assertTrue(task.get("failure_reason").asText().startsWith("reached the maximum of 2 steps without finishing"),
                task.get("failure_reason").asText());
        assertEquals(List.of("done"), endless.prompts().get(1).offeredActions(), "the last step offers only done");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aModelThatAnswers429TwiceIsTriedAgainAndTheTaskFinishes() throws Exception {
        stack.site().page("/patience", page("Patience", "<p>Hello</p>"));
        ScriptedTask patience = opening("/patience", "say hello")
                .when("Title: Patience", p -> done("Hello"));
        stack.model().failFirst(patience::isMine, 2, 429, "0");

        JsonNode task = patience.finish();

        assertEquals("Hello", task.get("output").asText());
        assertEquals(2, task.get("steps").size());
        assertEquals(3, patience.prompts().stream().filter(p -> p.contains("Step 1 of")).count(),
                "two refused tries, then the one answered");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theSameTaskRunsThroughEachOfTheFourTransportsSelectedByModelName() throws Exception {
        stack.site().page("/hello", page("Hello page", "<p>Hello</p>"));
        ScriptedTask hello = opening("/hello", "say hello")
                .when("Title: Hello page", p -> done("Hello from " + p.model()));
        Map<String, String> transports = Map.of("gpt-4.1", "/v1/chat/completions",
                "claude-sonnet-4-20250514", "/v1/messages",
                "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent",
                "llama-4-maverick-17b-128e-instruct", "/v1/chat/completions");
        Map<String, String> ids = transports.keySet().stream().collect(Collectors.toMap(name -> name,
                name -> stack.client().runTask(Map.of("task", hello.task(), "llm_model", name))));

        for (String name : transports.keySet()) {
            JsonNode task = stack.client().awaitEnd(ids.get(name));
            assertFinished(task);
            assertEquals("Hello from " + name, task.get("output").asText());
        }
        Map<String, Set<String>> pathsByModel = hello.prompts().stream().collect(Collectors.groupingBy(
                ModelPrompt::model, Collectors.mapping(ModelPrompt::path, Collectors.toSet())));
        assertEquals(transports.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> Set.of(e.getValue()))),
                pathsByModel);
        assertTrue(hello.prompts().stream().allMatch(p -> p.images().size() == 1), "every transport carries vision");
    }

    private static void assertFinished(JsonNode task) {
        assertEquals("finished", task.get("status").asText(), task.toString());
    }

    private static String page(String title, String body) {
        return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    /** Types the text into the first element whose line contains the field fragment, then clicks the button. */
    private static String typeAndClick(ModelPrompt prompt, String field, String text, String button) {
        return agentOutput("Page open", "", "Type and send", action("input", "index", prompt.indexOf(field), "text", text),
                action("click", "index", prompt.indexOf(button)));
    }

    /** Clicks the first element whose line contains the fragment. */
    private static String click(ModelPrompt prompt, String fragment) {
        return agentOutput("Page open", "", "Click " + fragment, action("click", "index", prompt.indexOf(fragment)));
    }

    /** The site received this one parameter, once, from the page that submits it. */
    private static void assertSiteReceived(String parameter, String value) {
        assertEquals(List.of(Map.of(parameter, List.of(value))), submitted(parameter));
    }

    /** What the site received from the page that submits this parameter; no other page submits it. */
    private static List<Map<String, List<String>>> submitted(String parameter) {
        return stack.site().results().stream().filter(result -> result.containsKey(parameter)).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(item -> item.get(field).asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
