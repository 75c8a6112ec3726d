package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkiverse.mcp.server.test.McpAssured.ToolInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static dev.browseragent.api.support.Database.column;
import static dev.browseragent.api.support.Database.update;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP server at {@code /mcp}, driven over Streamable HTTP by the extension's test client as an MCP client would:
 * its tools answer what the HTTP API answers, for the account of the key, with the API's refusals as tool errors.
 */
@QuarkusTest
class McpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = """
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
             "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""";

    @Test
    void theServerListsItsToolsWithInputAndOutputSchemas() {
        try (McpStreamableTestClient client = connect(TestAccounts.create())) {
            assertEquals("Browser Agent", client.initResult().serverName());
            client.when().toolsList(page -> {
                assertEquals(Set.of("run_task", "get_task", "list_tasks", "stop_task", "pause_task", "resume_task",
                                "simple_search", "search_url"),
                        Set.copyOf(page.tools().stream().map(ToolInfo::name).toList()));

                JsonObject runTask = page.findByName("run_task").inputSchema();
                assertEquals(List.of("task"), runTask.getJsonArray("required").getList());
                JsonObject arguments = runTask.getJsonObject("properties");
                assertEquals(Set.of("task", "secrets", "allowed_domains", "browser_profile_id", "save_browser_data",
                        "structured_output_json", "llm_model", "use_adblock", "use_proxy", "proxy_country_code",
                        "highlight_elements", "included_file_names", "browser_viewport_width",
                        "browser_viewport_height", "max_agent_steps", "enable_public_share", "metadata",
                        "wait_for_result"), arguments.fieldNames());
                JsonObject steps = arguments.getJsonObject("max_agent_steps");
                assertEquals(1, steps.getInteger("minimum"));
                assertEquals(200, steps.getInteger("maximum"));
                assertEquals(75, steps.getInteger("default"));
                assertEquals("boolean", arguments.getJsonObject("wait_for_result").getString("type"));
                assertTrue(arguments.getJsonObject("proxy_country_code").getJsonArray("enum").contains("de"));

                JsonObject task = page.findByName("get_task").outputSchema().getJsonObject("properties");
                assertTrue(task.containsKey("created_at") && task.containsKey("failure_reason"), task.encode());
                assertEquals(new JsonArray().add("string").add("null"), task.getJsonObject("output").getValue("type"));
                assertEquals(List.of("created", "running", "paused", "finished", "stopped", "failed"),
                        task.getJsonObject("status").getJsonArray("enum").getList());
                assertEquals("task_id", page.findByName("stop_task").inputSchema().getJsonArray("required").getString(0));
                assertTrue(page.findByName("list_tasks").outputSchema().getJsonObject("properties").containsKey("total_count"));

                JsonObject simpleSearch = page.findByName("simple_search").inputSchema();
                assertEquals(List.of("query"), simpleSearch.getJsonArray("required").getList());
                assertEquals(10, simpleSearch.getJsonObject("properties").getJsonObject("max_websites").getInteger("maximum"));
                assertEquals(Set.of("url", "query"),
                        Set.copyOf(page.findByName("search_url").inputSchema().getJsonArray("required").getList()));
                assertTrue(page.findByName("simple_search").outputSchema().getJsonObject("properties").containsKey("results"));
                assertTrue(page.findByName("search_url").outputSchema().getJsonObject("properties").containsKey("content"));
            }).thenAssertResults();
        }
    }

    @Test
    void runTaskCreatesATaskAndGetTaskAnswersItAsTheHttpApiDoes() throws Exception {
        TestAccount account = TestAccounts.create();
        try (McpStreamableTestClient client = connect(account)) {
            JsonObject created = structured(client, "run_task", Map.of("task", "Find the cheapest flight",
                    "max_agent_steps", 12, "metadata", Map.of("team", "growth"), "secrets", Map.of("password", "hunter2")));
            String id = created.getString("id");
            assertEquals(Set.of("id"), created.fieldNames(), "no task without wait_for_result");

            String overHttp = account.request().when().get("/api/v1/task/" + id)
                    .then().statusCode(200).body("metadata.team", equalTo("growth")).extract().asString();
            ToolResponse task = call(client, "get_task", Map.of("task_id", id));
            assertFalse(task.isError());
            assertEquals(JSON.readTree(overHttp), JSON.readTree(((JsonObject) task.structuredContent()).encode()));
            assertEquals(JSON.readTree(overHttp), JSON.readTree(((TextContent) task.firstContent()).text()),
                    "the same JSON as text, for clients that read only text");
        }
    }

    @Test
    void invalidRunTaskArgumentsAreAToolErrorNamingEachFieldAsThe422Does() {
        TestAccount account = TestAccounts.create();
        try (McpStreamableTestClient client = connect(account)) {
            ToolResponse refused = call(client, "run_task", Map.of("task", "", "max_agent_steps", "12",
                    "browser_viewport_width", 100, "allowed_domains", List.of("example.com", "exa mple.com")));
            assertTrue(refused.isError());
            String text = ((TextContent) refused.firstContent()).text();
            assertTrue(text.startsWith("Invalid arguments:\n"), text);
            assertTrue(text.contains("- task: ensure this value has at least 1 characters"), text);
            assertTrue(text.contains("- max_agent_steps: value is not a valid integer"), "no coercion: " + text);
            assertTrue(text.contains("- browser_viewport_width: ensure this value is greater than or equal to 320"), text);
            assertTrue(text.contains("- allowed_domains[1]: invalid domain pattern"), text);

            String missing = ((TextContent) call(client, "run_task", Map.of()).firstContent()).text();
            assertEquals("Invalid arguments:\n- task: field required", missing);
            String badWait = ((TextContent) call(client, "run_task", Map.of("task", "t", "wait_for_result", "yes"))
                    .firstContent()).text();
            assertEquals("Invalid arguments:\n- wait_for_result: value could not be parsed to a boolean", badWait);
            assertEquals(List.of(), column("select id from tasks where account_id = ?", UUID.fromString(account.id())),
                    "no task from refused arguments");
        }
    }

    @Test
    void invalidSearchArgumentsAreAToolErrorNamingEachFieldAsThe422Does() {
        try (McpStreamableTestClient client = connect(TestAccounts.create())) {
            ToolResponse simple = call(client, "simple_search", Map.of("query", " ", "max_websites", 11));
            assertTrue(simple.isError());
            assertEquals("Invalid arguments:\n- query: ensure this value is not blank\n"
                    + "- max_websites: ensure this value is less than or equal to 10",
                    ((TextContent) simple.firstContent()).text());
            ToolResponse url = call(client, "search_url", Map.of("url", "file:///etc/passwd", "query", "q", "depth", 1));
            assertTrue(url.isError());
            assertEquals("Invalid arguments:\n- url: must be an http or https URL with a host\n"
                    + "- depth: ensure this value is greater than or equal to 2", ((TextContent) url.firstContent()).text());
        }
    }

    @Test
    void anotherAccountsTaskIsNotFound() {
        TestAccount owner = TestAccounts.create();
        String id = owner.request().contentType(ContentType.JSON).body("{\"task\": \"mine\"}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        try (McpStreamableTestClient client = connect(TestAccounts.create())) {
            for (String tool : List.of("get_task", "stop_task", "pause_task", "resume_task")) {
                ToolResponse answer = call(client, tool, Map.of("task_id", id));
                assertTrue(answer.isError(), tool);
                assertEquals("Task not found", ((TextContent) answer.firstContent()).text(), tool);
            }
            assertEquals("Task not found", ((TextContent) call(client, "get_task", Map.of("task_id", "not-an-id"))
                    .firstContent()).text());
        }
        owner.request().when().get("/api/v1/task/" + id + "/status").then().statusCode(200).body(equalTo("\"created\""));
    }

    @Test
    void controlToolsAnswerTheStatusTheyLeaveOrTheApisConflict() {
        TestAccount account = TestAccounts.create();
        try (McpStreamableTestClient client = connect(account)) {
            String id = structured(client, "run_task", Map.of("task", "Hold on")).getString("id");

            ToolResponse pause = call(client, "pause_task", Map.of("task_id", id));
            assertTrue(pause.isError());
            assertEquals("Task is created; only a running task can be paused", ((TextContent) pause.firstContent()).text());

            update("update tasks set status = 'running', worker_id = 'stand-in', attempt = 1, started_at = now()"
                    + " where id = ?", UUID.fromString(id));
            assertEquals("paused", structured(client, "pause_task", Map.of("task_id", id)).getString("status"));
            assertEquals("running", structured(client, "resume_task", Map.of("task_id", id)).getString("status"));
            JsonObject stopped = structured(client, "stop_task", Map.of("task_id", id));
            assertEquals(new JsonObject().put("id", id).put("status", "stopped"), stopped);
            account.request().when().get("/api/v1/task/" + id + "/status").then().body(equalTo("\"stopped\""));
        }
    }

    @Test
    void listTasksPagesAsTheHttpApiDoes() throws Exception {
        TestAccount account = TestAccounts.create();
        try (McpStreamableTestClient client = connect(account)) {
            call(client, "run_task", Map.of("task", "first"));
            call(client, "run_task", Map.of("task", "second"));

            JsonObject page = structured(client, "list_tasks", Map.of("page", 2, "limit", 1));
            String overHttp = account.request().queryParam("page", 2).queryParam("limit", 1)
                    .when().get("/api/v1/tasks").then().statusCode(200).extract().asString();
            assertEquals(JSON.readTree(overHttp), JSON.readTree(page.encode()));
            assertEquals("first", page.getJsonArray("tasks").getJsonObject(0).getString("task"));
            assertEquals(10, structured(client, "list_tasks", Map.of()).getInteger("limit"));

            ToolResponse refused = call(client, "list_tasks", Map.of("limit", 0));
            assertTrue(refused.isError());
            assertEquals("Invalid arguments:\n- limit: ensure this value is greater than or equal to 1",
                    ((TextContent) refused.firstContent()).text());
        }
    }

    /** The test profile waits 5 s at most ({@code %test.browser-agent.mcp.max-wait}). */
    @Test
    void waitForResultAnswersTheTaskOnceItEndsOrAsItStandsAtTheLimit() throws Exception {
        TestAccount account = TestAccounts.create();
        UUID accountId = UUID.fromString(account.id());
        try (McpStreamableTestClient client = connect(account)) {
            CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
                AtomicReference<String> id = new AtomicReference<>();
                await("the task is stored").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            List<String> ids = column("select id from tasks where account_id = ?", accountId);
                            id.set(ids.isEmpty() ? null : ids.get(0));
                            return id.get() != null;
                        });
                update("update tasks set status = 'finished', output = 'done', finished_at = now() where id = ?",
                        UUID.fromString(id.get()));
            });
            JsonObject finished = structured(client, "run_task", Map.of("task", "Finish soon", "wait_for_result", true));
            worker.get();
            assertEquals(finished.getString("id"), finished.getJsonObject("task").getString("id"));
            assertEquals("finished", finished.getJsonObject("task").getString("status"));
            assertEquals("done", finished.getJsonObject("task").getString("output"));

            long start = System.nanoTime();
            JsonObject waiting = structured(client, "run_task", Map.of("task", "Never ends", "wait_for_result", true));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 5_000, "waited up to the limit");
            assertEquals("created", waiting.getJsonObject("task").getString("status"), "answered as it stands");
        }
    }

    /** Behind a load balancer, the next request of a session may reach a replica that did not start it. */
    @Test
    void aRequestInASessionAnotherReplicaStartedIsServed() {
        TestAccount account = TestAccounts.create();
        String id = account.request().contentType(ContentType.JSON).body("{\"task\": \"elsewhere\"}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        account.request().contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .header("Mcp-Session-Id", "started-by-another-replica").header("Mcp-Protocol-Version", "2025-06-18")
                .body("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": "
                        + "{\"name\": \"get_task\", \"arguments\": {\"task_id\": \"" + id + "\"}}}")
                .when().post("/mcp")
                .then().statusCode(200).body("result.structuredContent.id", equalTo(id));
    }

    @Test
    void aMissingOrUnknownKeyIsAnHttp401AndTheRequestRateApplies() {
        for (String key : new String[] {null, "bu_not_a_key"}) {
            McpAssured.McpStreamableTestClient.Builder builder = McpAssured.newStreamableClient()
                    .setExpectConnectFailure(response -> assertEquals(401, response.statusCode()));
            if (key != null) {
                builder.setAdditionalHeaders(message -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + key));
            }
            builder.build().connect();
        }
        given().contentType(ContentType.JSON).accept("application/json, text/event-stream").body(INITIALIZE)
                .when().post("/mcp")
                .then().statusCode(401).contentType(ContentType.JSON).body("detail", equalTo("Invalid or missing API key"));
        given().when().get("/mcp/sse").then().statusCode(401);

        TestAccount slow = TestAccounts.create(Map.of("requests_per_minute", 1));
        slow.request().contentType(ContentType.JSON).accept("application/json, text/event-stream").body(INITIALIZE)
                .when().post("/mcp").then().statusCode(200);
        slow.request().contentType(ContentType.JSON).accept("application/json, text/event-stream").body(INITIALIZE)
                .when().post("/mcp")
                .then().statusCode(429).header("Retry-After", equalTo("60"))
                .body("detail", equalTo("Too many requests: the plan allows 1 requests a minute"));
    }

    private static McpStreamableTestClient connect(TestAccount account) {
        return McpAssured.newStreamableClient()
                .setAdditionalHeaders(message -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + account.key()))
                .build().connect();
    }

    private static JsonObject structured(McpStreamableTestClient client, String tool, Map<String, Object> arguments) {
        ToolResponse answer = call(client, tool, arguments);
        assertFalse(answer.isError(), answer.toString());
        return (JsonObject) answer.structuredContent();
    }

    private static ToolResponse call(McpStreamableTestClient client, String tool, Map<String, Object> arguments) {
        AtomicReference<ToolResponse> answer = new AtomicReference<>();
        client.when().toolsCall(tool, arguments, answer::set).thenAssertResults();
        return answer.get();
    }
}
