package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The agent through the HTTP API of the packaged stack: real PostgreSQL, Kafka and Chromium, the scripted model
 * speaking each provider's protocol, every provider configured only through its standard variables.
 */
class AgentIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VALID_PRODUCTS =
            "{\"products\":[{\"name\":\"Kettle\",\"price\":25.5},{\"name\":\"Toaster\",\"price\":40}]}";

    @TempDir
    static Path stateDirectory;

    private static TestSite site;
    private static ScriptedModelServer model;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws IOException {
        site = TestSite.start()
                .page("/hello", "<html><head><title>Hello page</title></head><body><p>Hello</p></body></html>")
                .page("/products", """
                        <html><head><title>Products</title></head><body><table>
                        <tr><th>Name</th><th>Price</th></tr><tr><td>Kettle</td><td>25.5</td></tr>
                        <tr><td>Toaster</td><td>40</td></tr></table></body></html>""")
                .page("/order", """
                        <html><head><title>Order form</title></head><body><form action="/result">
                        <select name="size"><option value="s">Small</option><option value="l">Large</option></select>
                        <label><input type="radio" name="color" value="red">Red</label>
                        <label><input type="radio" name="color" value="blue">Blue</label>
                        <label><input type="checkbox" name="gift" value="yes">Gift wrap</label>
                        <textarea name="note"></textarea><input type="date" name="when">
                        <button type="submit">Order</button></form></body></html>""");
        model = ScriptedModelServer.start();
        JsonNode validProducts = JSON.readTree(VALID_PRODUCTS);
        model.when(p -> p.contains("Title: Hello page"), p -> done("Hello from " + p.model()))
                .when(p -> p.contains("data does not match the required schema"), p -> agentOutput("Corrected", "",
                        "Report", action("done", "data", validProducts, "success", true)))
                .when(p -> p.contains("Title: Products"), p -> agentOutput("Table", "", "Report", action("done",
                        "data", Map.of("products", List.of(Map.of("name", "Kettle", "price", "cheap"))), "success", true)))
                .when(p -> p.contains("Title: Result"), p -> done("Ordered"))
                .when(p -> p.contains("Title: Order form"), p -> agentOutput("Form", "", "Fill and submit",
                        action("select_dropdown", "index", p.indexOf("name=size"), "text", "Large"),
                        action("click", "index", p.indexOf("value=blue")),
                        action("click", "index", p.indexOf("name=gift")),
                        action("input", "index", p.indexOf("name=note"), "text", "Leave at the door"),
                        action("input", "index", p.indexOf("name=when"), "text", "2025-03-14"),
                        action("click", "index", p.indexOf("type=submit"))))
                .when(p -> p.contains("Step 1 of"), p -> agentOutput("Start", "", "Open the page",
                        action("navigate", "url", site.url(p.userText().replaceAll("(?s).*Open (/\\w+).*", "$1")))));
        stack = new LocalStack(LocalStackConfig.builder(REPO_ROOT)
                .stateDirectory(stateDirectory)
                .freePorts()
                .environment("OPENAI_BASE_URL", model.baseUrl())
                .environment("OPENAI_API_KEY", "scripted")
                .environment("ANTHROPIC_BASE_URL", model.anthropicBaseUrl())
                .environment("ANTHROPIC_API_KEY", "scripted")
                .environment("GEMINI_BASE_URL", model.geminiBaseUrl())
                .environment("GEMINI_API_KEY", "scripted")
                .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                .build());
        stack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        model.close();
        site.close();
    }

    private static String done(String text) {
        return agentOutput("Done", "", "Report", action("done", "text", text, "success", true));
    }

    @Test
    void theSameTaskRunsThroughEachOfTheFourTransportsSelectedByModelName() throws Exception {
        List<String> models = List.of("gpt-4.1", "claude-sonnet-4-20250514", "gemini-2.5-flash",
                "llama-4-maverick-17b-128e-instruct");
        Map<String, String> ids = models.stream().collect(Collectors.toMap(name -> name, name -> runTask(Map.of(
                "task", "Open /hello and say hello", "llm_model", name))));

        for (String name : models) {
            JsonNode task = awaitEndState(ids.get(name));
            assertEquals("finished", task.get("status").asText(), task.toString());
            assertEquals("Hello from " + name, task.get("output").asText());
        }
        Set<String> paths = model.requests().stream().map(ModelPrompt::path).collect(Collectors.toSet());
        assertTrue(paths.containsAll(Set.of("/v1/chat/completions", "/v1/messages",
                "/v1beta/models/gemini-2.5-flash:generateContent")), paths.toString());
    }

    @Test
    void aTableBecomesSchemaValidStructuredOutputAfterTheModelCorrectsItsFirstAnswer() throws Exception {
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("products"), "properties",
                Map.of("products", Map.of("type", "array", "items", Map.of("type", "object",
                        "required", List.of("name", "price"), "properties", Map.of(
                                "name", Map.of("type", "string"), "price", Map.of("type", "number"))))));

        JsonNode task = awaitEndState(runTask(Map.of("task", "Open /products and list them",
                "structured_output_json", JSON.writeValueAsString(schema))));

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals(JSON.readTree(VALID_PRODUCTS), JSON.readTree(task.get("output").asText()));
        assertEquals(3, task.get("steps").size(), "open, the rejected answer, the corrected one");
    }

    @Test
    void aNativeFormIsSubmittedWithTheValuesAsked() throws Exception {
        JsonNode task = awaitEndState(runTask(Map.of("task", "Open /order and order a large blue gift")));

        assertEquals("finished", task.get("status").asText(), task.toString());
        Map<String, List<String>> submitted = site.results().get(site.results().size() - 1);
        assertEquals(Map.of("size", List.of("l"), "color", List.of("blue"), "gift", List.of("yes"),
                "note", List.of("Leave at the door"), "when", List.of("2025-03-14")), submitted);
    }

    private static String runTask(Map<String, Object> body) {
        try {
            HttpResponse<String> response = HTTP.send(request("/run-task")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body()).get("id").asText();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode awaitEndState(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(TASK_TIMEOUT);
        JsonNode task = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = HTTP.send(request("/task/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            task = JSON.readTree(response.body());
            String status = task.get("status").asText();
            if (status.equals("finished") || status.equals("failed") || status.equals("stopped")) {
                return task;
            }
            Thread.sleep(250);
        }
        fail("Task " + id + " did not end within " + TASK_TIMEOUT + "; last seen: " + task);
        return task;
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.apiKey());
    }
}
