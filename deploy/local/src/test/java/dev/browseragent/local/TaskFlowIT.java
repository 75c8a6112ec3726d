package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system end to end, through HTTP only: the packaged API and worker, real PostgreSQL, Kafka and
 * Chromium, and the scripted model as the one stand-in. A worker restart and a task acknowledged while Kafka is down
 * stop services, so they are in {@link WorkerTierIT}, on a stack of its own.
 */
class TaskFlowIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tasks submitted at once in the burst; the first {@link #BURST_RUNS} of them run, the others are stopped. */
    private static final int BURST = 200;
    private static final int BURST_RUNS = 30;
    private static final int BURST_RUNNING_LIMIT = 2;

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    /**
     * The shoe search: navigate → input → click → done, each answer chosen by what the page shows. The Moon task:
     * done without success. The official clients' tasks: done at once, or waiting until stopped. The burst's tasks:
     * done at once. Rules are tried in order, so the most advanced page state comes first.
     */
    @BeforeAll
    static void scriptTheModel() {
        stack.site().page("/search", """
                <html><head><title>Shoe shop</title></head><body>
                  <h1>Find shoes</h1>
                  <form action="/result" method="get">
                    <input type="text" name="q" placeholder="Search shoes">
                    <button type="submit">Search</button>
                  </form>
                </body></html>""");
        Predicate<ModelPrompt> shoeTask = prompt -> prompt.contains("Search the shop for trail runners");
        ScriptedModelServer model = stack.model();
        model.when(shoeTask.and(prompt -> prompt.contains("q: trail runners")),
                        prompt -> agentOutput("The results page lists the query", "Search done", "Report the result",
                                action("done", "text", "The shop searched for: trail runners", "success", true)))
                .when(shoeTask.and(prompt -> prompt.contains("Typed the query")),
                        prompt -> agentOutput("The query is in the search box", "Typed the query", "Submit the search",
                                action("click", "index", prompt.indexOf("type=submit"))))
                .when(shoeTask.and(prompt -> prompt.contains("placeholder=Search shoes")),
                        prompt -> agentOutput("The shop page is open", "Typed the query", "Type the query",
                                action("input", "index", prompt.indexOf("placeholder=Search shoes"), "text", "trail runners")))
                .when(shoeTask,
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the shop",
                                action("navigate", "url", stack.site().url("/search"))))
                .when(prompt -> prompt.contains("Hold on for the official client"),
                        prompt -> agentOutput("Nothing to do yet", "Holding", "Wait for the client",
                                action("wait", "seconds", 30)))
                .when(prompt -> prompt.contains("Queued task number"),
                        prompt -> agentOutput("Nothing to do on a page", "Counted", "Finish",
                                action("done", "text", "counted", "success", true)))
                .when(prompt -> prompt.contains("Greet the official client"),
                        prompt -> agentOutput("Nothing to do on a page", "Greeting", "Finish",
                                action("done", "text", "hello, official client", "success", true)))
                .when(prompt -> prompt.contains("Book a flight to the Moon"),
                        prompt -> agentOutput("Nothing done yet", "No site sells such flights", "Give up",
                                action("done", "text", "No flights to the Moon are for sale", "success", false)));
    }

    @Test
    void aThreeStepTaskOnALocalPageFinishesWithTheExpectedOutput() {
        V1Client client = stack.client();
        String id = client.runTask("{\"task\": \"Search the shop for trail runners and tell me what it searched for\"}");

        JsonNode task = client.awaitEnd(id);

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("The shop searched for: trail runners", task.get("output").asText());
        assertTrue(task.hasNonNull("finished_at"));
        assertTrue(task.get("failure_reason").isNull());
        JsonNode steps = task.get("steps");
        assertTrue(steps.size() >= 3, "at least three steps: " + steps);
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            assertEquals(i + 1, step.get("step").asInt());
            assertFalse(step.get("url").asText().isEmpty(), "url of step " + (i + 1));
            assertFalse(step.get("next_goal").asText().isEmpty(), "next_goal of step " + (i + 1));
            assertFalse(step.get("evaluation_previous_goal").asText().isEmpty(), "evaluation of step " + (i + 1));
        }
        assertEquals("Open the shop", steps.get(0).get("next_goal").asText());
        assertTrue(steps.get(1).get("url").asText().endsWith("/search"), steps.get(1).toString());
        assertTrue(steps.get(steps.size() - 1).get("url").asText().contains("/result?q=trail+runners"),
                steps.get(steps.size() - 1).toString());
        assertEquals("\"finished\"", client.request("GET", "/task/" + id + "/status", null).body());
    }

    @Test
    void aTaskTheAgentCannotAccomplishFailsWithItsReportAndAReason() {
        V1Client client = stack.client();
        String id = client.runTask("{\"task\": \"Book a flight to the Moon\"}");

        JsonNode task = client.awaitEnd(id);

        assertEquals("failed", task.get("status").asText(), task.toString());
        assertEquals("No flights to the Moon are for sale", task.get("output").asText());
        assertEquals("the agent finished without accomplishing the task", task.get("failure_reason").asText());
        assertEquals(1, task.get("steps").size());
    }

    @Test
    void theOfficialNpmClientDrivesEveryTaskEndpointWithOnlyTheBaseUrlAndKeyChanged() throws Exception {
        String printed = runNodeClient("v1-client.mjs", "BROWSER_AGENT_API_URL", stack.client().apiUrl());

        JsonNode answers = JSON.readTree(printed);
        String id = answers.get("runTaskId").asText();
        assertEquals("finished", answers.get("finalStatus").asText(), printed);
        JsonNode task = answers.get("task");
        assertEquals(id, task.get("id").asText());
        assertEquals("finished", task.get("status").asText(), printed);
        assertEquals("hello, official client", task.get("output").asText());
        assertEquals("npm", task.get("metadata").get("via").asText());
        assertEquals(1, task.get("steps").size(), printed);
        JsonNode list = answers.get("list");
        assertEquals(1, list.get("page").asInt());
        assertEquals(10, list.get("limit").asInt());
        assertTrue(list.get("total_count").asInt() >= 1, printed);
        assertTrue(list.get("tasks").findValuesAsText("id").contains(id), printed);
        assertTrue(answers.get("me").asBoolean(), printed);
        assertEquals("unlimited", answers.get("balance").get("balance").asText(), printed);
        for (String control : List.of("pause", "resume", "stop")) {
            assertEquals("{}", answers.get(control).toString(), control + ": " + printed);
        }
        assertEquals("paused", answers.get("pausedStatus").asText(), printed);
        assertEquals("running", answers.get("resumedStatus").asText(), printed);
        assertEquals("stopped", answers.get("stoppedStatus").asText(), printed);
        assertEquals(404, answers.get("notFound").get("status").asInt(), printed);
        assertEquals("Task not found", answers.get("notFound").get("body").get("detail").asText(), printed);
        assertEquals(401, answers.get("unauthorized").get("status").asInt(), printed);
        assertEquals("false", answers.get("unauthorized").get("body").toString(), printed);
        assertEquals(200, answers.get("upload").get("putStatus").asInt(), printed);
        assertTrue(answers.get("upload").get("url").asText().contains("signature="), printed);
        assertTrue(answers.get("taskWithUpload").hasNonNull("id"), "a task may name the uploaded file: " + printed);
        assertEquals(422, answers.get("unknownUpload").get("status").asInt(), printed);
        assertEquals(List.of("body", "included_file_names", 0),
                JSON.convertValue(answers.get("unknownUpload").get("body").get("detail").get(0).get("loc"), List.class),
                printed);
    }

    /**
     * An AI assistant's way in: the official MCP TypeScript SDK connects to {@code /mcp} over Streamable HTTP with the
     * API key as a Bearer header, lists the tools, runs a task and waits for its result, reads it, stops a running
     * one, and is refused bad arguments (a tool error in the 422's words) and a bad key (HTTP 401). The SDK checks
     * every structured result against the tool's output schema.
     */
    @Test
    void theOfficialMcpClientRunsWaitsForReadsAndStopsTasksWithTheApiKey() throws Exception {
        String printed = runNodeClient("mcp-client.mjs", "BROWSER_AGENT_MCP_URL", stack.client().mcpUrl());

        JsonNode answers = JSON.readTree(printed);
        assertEquals("Browser Agent", answers.get("server").get("name").asText(), printed);
        Map<String, JsonNode> tools = new HashMap<>();
        answers.get("tools").forEach(tool -> tools.put(tool.get("name").asText(), tool));
        assertEquals(Set.of("run_task", "get_task", "list_tasks", "stop_task", "pause_task", "resume_task",
                "simple_search", "search_url"), tools.keySet(), printed);
        assertTrue(tools.values().stream().allMatch(tool -> tool.get("outputSchema").asBoolean()), printed);
        assertEquals(List.of("task"), JSON.convertValue(tools.get("run_task").get("required"), List.class));
        assertTrue(tools.get("run_task").get("arguments").toString().contains("\"wait_for_result\""), printed);

        JsonNode waited = answers.get("waited");
        String id = waited.get("id").asText();
        assertEquals("finished", waited.get("task").get("status").asText(), printed);
        assertEquals("hello, official client", waited.get("task").get("output").asText());
        assertEquals("mcp", waited.get("task").get("metadata").get("via").asText());
        assertEquals(waited.get("task"), answers.get("task"), "get_task answers what run_task waited for");
        assertEquals(stack.client().task(id), answers.get("task"), "the task as the HTTP API gives it");
        assertTrue(answers.get("list").get("tasks").findValuesAsText("id").contains(id), printed);

        assertEquals("stopped", answers.get("stop").get("status").asText(), printed);
        assertEquals("stopped", answers.get("stoppedStatus").asText(), printed);

        JsonNode invalid = answers.get("invalid");
        assertTrue(invalid.get("isError").asBoolean(), printed);
        assertTrue(invalid.get("text").asText().contains("- task: ensure this value has at least 1 characters"), printed);
        assertTrue(invalid.get("text").asText().contains("- max_agent_steps: ensure this value is less than or equal to 200"),
                printed);
        assertEquals("Task not found", answers.get("notFound").get("text").asText(), printed);
        assertEquals(401, answers.get("badKey").get("code").asInt(), printed);
        assertTrue(answers.get("badKey").get("message").asText().contains("Invalid or missing API key"), printed);
    }

    /**
     * 200 tasks submitted at once by an account that may run 2 at a time: every submission is acknowledged, the
     * database never shows more than 2 running, and they are dispatched in submission order (and start in it, give
     * or take the two tasks that share the slots at any moment). Each task starts its own Chromium, so only the first
     * 30 run; then the rest are stopped through the API, and every task ends: the finished ones are the earliest
     * submitted, but for the two that held the slots when the rest was stopped.
     */
    @Test
    void anAccountsRunningLimitHoldsUnderABurstAndTasksStartInSubmissionOrder() throws Exception {
        V1Client.Account burst = stack.client().createAccount(Map.of("name", "burst",
                "max_running_tasks", BURST_RUNNING_LIMIT, "requests_per_minute", 100_000));
        AtomicInteger maxRunning = new AtomicInteger();
        try (Connection connection = stack.database().connect();
             PreparedStatement running = connection.prepareStatement(
                     "select count(*) from tasks where account_id = ?::uuid and status = 'running'")) {
            running.setString(1, burst.id());
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                // A task runs for seconds: a sample every 10 ms sees any moment with one too many running.
                ScheduledFuture<?> sampling = sampler.scheduleWithFixedDelay(
                        () -> maxRunning.accumulateAndGet(count(running), Math::max), 0, 10, TimeUnit.MILLISECONDS);
                runTheBurst(burst);
                if (sampling.isDone()) {
                    sampling.get(); // a repeating sample ends only by failing: this throws why
                }
            } finally {
                sampler.shutdownNow();
                assertTrue(sampler.awaitTermination(10, TimeUnit.SECONDS), "the sampler stops");
            }
        }

        assertTrue(maxRunning.get() >= 1 && maxRunning.get() <= BURST_RUNNING_LIMIT,
                "at most " + BURST_RUNNING_LIMIT + " running at once, saw " + maxRunning.get());
        List<List<String>> tasks = stack.database().rows("select id::text, status, dispatched_at is not null,"
                + " started_at is not null from tasks where account_id = ?::uuid order by created_at, id", burst.id());
        assertEquals(BURST, tasks.size());
        List<String> submitted = tasks.stream().map(task -> task.get(0)).toList();
        List<String> statuses = tasks.stream().map(task -> task.get(1)).toList();
        assertTrue(statuses.stream().allMatch(status -> status.equals("finished") || status.equals("stopped")),
                statuses.toString());
        assertTrue(statuses.stream().filter("finished"::equals).count() >= BURST_RUNS, statuses.toString());
        int lastFinished = statuses.lastIndexOf("finished");
        List<Integer> stoppedBeforeIt = new ArrayList<>();
        for (int i = 0; i < lastFinished; i++) {
            if (statuses.get(i).equals("stopped")) {
                stoppedBeforeIt.add(i);
                assertEquals("t", tasks.get(i).get(2), "task " + i + " was stopped ahead of a finished one without a slot");
            }
        }
        assertTrue(stoppedBeforeIt.size() <= BURST_RUNNING_LIMIT, "only the tasks in the slots were stopped ahead of"
                + " finished ones: " + stoppedBeforeIt);

        List<String> dispatched = stack.database().column("select id::text from tasks where account_id = ?::uuid"
                + " and dispatched_at is not null order by dispatched_at, created_at, id", burst.id());
        // While the rest is being stopped, a freed slot goes to the next task still waiting: the dispatched tasks
        // need not be the first ones, but they are dispatched in the order they were submitted.
        assertEquals(submitted.stream().filter(Set.copyOf(dispatched)::contains).toList(), dispatched,
                "dispatched in submission order");
        List<String> ran = tasks.stream().filter(task -> task.get(3).equals("t")).map(task -> task.get(0)).toList();
        List<String> started = stack.database().column("select id::text from tasks where account_id = ?::uuid"
                + " and started_at is not null order by started_at, created_at", burst.id());
        for (int i = 0; i < ran.size(); i++) {
            int startRank = started.indexOf(ran.get(i));
            assertTrue(Math.abs(startRank - i) < BURST_RUNNING_LIMIT,
                    "task " + i + " of those that ran started as number " + startRank);
        }
    }

    /** Submits the burst, lets the first tasks finish and stops the others; returns once every task ended. */
    private static void runTheBurst(V1Client.Account burst) throws Exception {
        List<CompletableFuture<V1Client.Response>> submissions = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            submissions.add(burst.client().requestAsync("POST", "/run-task", "{\"task\": \"Queued task number " + i + "\"}"));
        }
        for (CompletableFuture<V1Client.Response> submission : submissions) {
            assertEquals(200, submission.get().status(), submission.get().body());
        }
        // Each task starts its own Chromium: 3-4 s a task on an idle 2-core machine, twice that under load.
        await("the first " + BURST_RUNS + " tasks finish").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.database().count("select count(*) from tasks where account_id = ?::uuid"
                        + " and status = 'finished'", burst.id()) >= BURST_RUNS);
        for (String id : stack.database().column("select id::text from tasks where account_id = ?::uuid"
                + " and status not in ('finished', 'failed', 'stopped') order by created_at, id", burst.id())) {
            burst.client().stop(id);
        }
        await("every task of the burst ends").atMost(Duration.ofMinutes(2))
                .until(() -> stack.database().count("select count(*) from tasks where account_id = ?::uuid"
                        + " and status not in ('finished', 'failed', 'stopped')", burst.id()) == 0);
    }

    private static int count(PreparedStatement query) {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one of the npm client scripts against the stack with the class account's key, once their dependencies
     * are installed as the lock file says, and returns what it printed. Its task is one the agent finishes at once,
     * its held task one the agent keeps running until stopped.
     */
    private static String runNodeClient(String script, String urlVariable, String url)
            throws IOException, InterruptedException {
        Path client = REPO_ROOT.resolve("deploy/local/src/test/node");
        run(client, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        return run(client, List.of("node", script), Map.of(urlVariable, url,
                "BROWSER_AGENT_API_KEY", stack.client().apiKey(),
                "TASK", "Greet the official client",
                "HELD_TASK", "Hold on for the official client"));
    }

    /** Runs a command to its end and returns what it printed; fails the test when it exits non-zero. */
    private static String run(Path directory, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end within 120 s");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output.strip();
    }
}
