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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole system end to end, through HTTP only: the packaged API and worker, real PostgreSQL, Kafka and
 * Chromium, and the scripted model as the one stand-in.
 */
class TaskFlowIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_TOKEN = "task-flow-admin-token";

    @TempDir
    static Path stateDirectory;

    private static TestSite site;
    private static ScriptedModelServer model;
    private static LocalStack stack;
    private static final AtomicBoolean workerRestarted = new AtomicBoolean();

    @BeforeAll
    static void startStack() {
        site = TestSite.start();
        site.page("/search", """
                <html><head><title>Shoe shop</title></head><body>
                  <h1>Find shoes</h1>
                  <form action="/result" method="get">
                    <input type="text" name="q" placeholder="Search shoes">
                    <button type="submit">Search</button>
                  </form>
                </body></html>""");
        site.page("/outage", "<html><head><title>Outage</title></head><body><p>Still here after the outage</p></body></html>");
        model = ScriptedModelServer.start();
        scriptTheModel();
        stack = new LocalStack(LocalStackConfig.builder(REPO_ROOT)
                .stateDirectory(stateDirectory)
                .freePorts()
                .environment("OPENAI_BASE_URL", model.baseUrl())
                .environment("OPENAI_API_KEY", "scripted")
                .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                .environment("BROWSER_AGENT_ADMIN_TOKEN", ADMIN_TOKEN)
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

    /**
     * The shoe search: navigate → input → click → done, each answer chosen by what the page shows. The outage task:
     * navigate → done. The Moon task: done without success. The restart task: wait until the worker was restarted,
     * then done. The official client's task: done at once. Rules are tried in order, so the most advanced page state comes first.
     */
    private static void scriptTheModel() {
        Predicate<ModelPrompt> shoeTask = prompt -> prompt.contains("Search the shop for trail runners");
        Predicate<ModelPrompt> outageTask = prompt -> prompt.contains("Open the outage page");
        Predicate<ModelPrompt> impossibleTask = prompt -> prompt.contains("Book a flight to the Moon");
        Predicate<ModelPrompt> restartTask = prompt -> prompt.contains("Outlast a worker restart");
        Predicate<ModelPrompt> clientTask = prompt -> prompt.contains("Greet the official client");
        Predicate<ModelPrompt> heldTask = prompt -> prompt.contains("Hold on for the official client");
        Predicate<ModelPrompt> queuedTask = prompt -> prompt.contains("Queued task number");
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
                                action("navigate", "url", site.url("/search"))))
                .when(outageTask.and(prompt -> prompt.contains("Still here after the outage")),
                        prompt -> agentOutput("The page is open", "Page reached", "Finish",
                                action("done", "text", "survived the outage", "success", true)))
                .when(restartTask.and(prompt -> workerRestarted.get()),
                        prompt -> agentOutput("Back after the restart", "Restarted", "Finish",
                                action("done", "text", "outlasted the restart", "success", true)))
                .when(restartTask,
                        prompt -> agentOutput("Nothing done yet", "Waiting", "Wait for the restart",
                                action("wait", "seconds", 30)))
                .when(heldTask,
                        prompt -> agentOutput("Nothing to do yet", "Holding", "Wait for the client",
                                action("wait", "seconds", 30)))
                .when(queuedTask,
                        prompt -> agentOutput("Nothing to do on a page", "Counted", "Finish",
                                action("done", "text", "counted", "success", true)))
                .when(clientTask,
                        prompt -> agentOutput("Nothing to do on a page", "Greeting", "Finish",
                                action("done", "text", "hello, official client", "success", true)))
                .when(impossibleTask,
                        prompt -> agentOutput("Nothing done yet", "No site sells such flights", "Give up",
                                action("done", "text", "No flights to the Moon are for sale", "success", false)))
                .when(outageTask,
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the page",
                                action("navigate", "url", site.url("/outage"))));
    }

    @Test
    void aThreeStepTaskOnALocalPageFinishesWithTheExpectedOutput() throws Exception {
        String id = runTask("{\"task\": \"Search the shop for trail runners and tell me what it searched for\"}");

        JsonNode task = awaitEndState(id);

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
        assertEquals("\"finished\"", get("/task/" + id + "/status").body());
    }

    @Test
    void aTaskTheAgentCannotAccomplishFailsWithItsReportAndAReason() throws Exception {
        String id = runTask("{\"task\": \"Book a flight to the Moon\"}");

        JsonNode task = awaitEndState(id);

        assertEquals("failed", task.get("status").asText(), task.toString());
        assertEquals("No flights to the Moon are for sale", task.get("output").asText());
        assertEquals("the agent finished without accomplishing the task", task.get("failure_reason").asText());
        assertEquals(1, task.get("steps").size());
    }

    @Test
    void aTaskRunningWhenTheWorkerStopsIsHandedBackAndRunsAfterTheRestart() throws Exception {
        String id = runTask("{\"task\": \"Outlast a worker restart\"}");
        awaitStatus(id, "running");
        Thread.sleep(1_000); // into the model's 30 s wait

        stack.worker().stop(LocalStack.STOP_GRACE);
        JsonNode handedBack = JSON.readTree(get("/task/" + id).body());
        assertEquals("created", handedBack.get("status").asText(), handedBack.toString());
        assertEquals(0, handedBack.get("steps").size(), "the next attempt starts over");

        workerRestarted.set(true);
        stack.worker().start();
        stack.worker().awaitReady(LocalStack.READY_TIMEOUT);
        JsonNode task = awaitEndState(id);

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("outlasted the restart", task.get("output").asText());
        assertEquals(1, task.get("steps").size(), task.toString());
    }

    @Test
    void theOfficialNpmClientDrivesEveryTaskEndpointWithOnlyTheBaseUrlAndKeyChanged() throws Exception {
        Path client = REPO_ROOT.resolve("deploy/local/src/test/node");
        run(client, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());

        String printed = run(client, List.of("node", "v1-client.mjs"), Map.of(
                "BROWSER_AGENT_API_URL", stack.apiUrl(),
                "BROWSER_AGENT_API_KEY", stack.apiKey(),
                "TASK", "Greet the official client",
                "HELD_TASK", "Hold on for the official client"));

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
     * 200 tasks submitted at once by an account that may run 2 at a time: the database never shows more than 2
     * running, every task ends, and they are dispatched in submission order (and start in it, give or take the
     * two tasks that share the slots at any moment).
     */
    @Test
    void anAccountsRunningLimitHoldsUnderABurstAndTasksStartInSubmissionOrder() throws Exception {
        int count = 200;
        String accountId = JSON.readTree(admin("/accounts", "{\"name\": \"burst\", \"max_running_tasks\": 2, "
                + "\"requests_per_minute\": 100000}")).get("id").asText();
        String key = JSON.readTree(admin("/accounts/" + accountId + "/api-keys", "{}")).get("key").asText();

        AtomicInteger maxRunning = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> sampleRunning(accountId, maxRunning, sampling));
        sampler.start();
        List<CompletableFuture<HttpResponse<String>>> submissions = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                submissions.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/run-task"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"Queued task number " + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> submission : submissions) {
                assertEquals(200, submission.get().statusCode(), submission.get().body());
            }
            // Each task starts its own Chromium: 3-4 s a task on an idle 2-core machine, twice that under load.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (openTasks(accountId) > 0) {
                assertTrue(Instant.now().isBefore(deadline), openTasks(accountId) + " tasks still open after 30 minutes");
                Thread.sleep(500);
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }

        assertTrue(maxRunning.get() >= 1 && maxRunning.get() <= 2, "at most 2 running at once, saw " + maxRunning.get());
        List<List<String>> rows = query("select status, id::text from tasks where account_id = ?::uuid "
                + "order by created_at, id", accountId);
        assertEquals(count, rows.size());
        assertTrue(rows.stream().allMatch(row -> row.get(0).equals("finished")), rows.toString());
        List<String> submitted = rows.stream().map(row -> row.get(1)).toList();
        List<String> dispatched = query("select id::text from tasks where account_id = ?::uuid "
                + "order by dispatched_at, created_at, id", accountId).stream().map(row -> row.get(0)).toList();
        assertEquals(submitted, dispatched, "dispatched in submission order");
        List<String> started = query("select id::text from tasks where account_id = ?::uuid "
                + "order by started_at, created_at", accountId).stream().map(row -> row.get(0)).toList();
        for (int i = 0; i < count; i++) {
            int startRank = started.indexOf(submitted.get(i));
            assertTrue(Math.abs(startRank - i) < 2, "task " + i + " of the submission started as number " + startRank);
        }
    }

    private static void sampleRunning(String accountId, AtomicInteger maxRunning, AtomicBoolean sampling) {
        try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().username(),
                stack.postgres().password());
             PreparedStatement running = connection.prepareStatement(
                     "select count(*) from tasks where account_id = ?::uuid and status = 'running'")) {
            running.setString(1, accountId);
            while (sampling.get()) {
                try (ResultSet row = running.executeQuery()) {
                    row.next();
                    maxRunning.accumulateAndGet(row.getInt(1), Math::max);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int openTasks(String accountId) throws SQLException {
        return Integer.parseInt(query("select count(*) from tasks where account_id = ?::uuid "
                + "and status not in ('finished', 'failed', 'stopped')", accountId).get(0).get(0));
    }

    private static List<List<String>> query(String sql, String accountId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().username(),
                stack.postgres().password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, accountId);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static String admin(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.apiUrl().replace("/api/v1", "/admin") + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aTaskAcknowledgedWhileKafkaIsDownRunsOnceKafkaIsBack() throws Exception {
        stack.kafka().stop();
        String id;
        try {
            Instant before = Instant.now();
            id = runTask("{\"task\": \"Open the outage page\"}");
            assertTrue(Duration.between(before, Instant.now()).toSeconds() < 5, "the acknowledgement does not wait for Kafka");
            Thread.sleep(3_000);
            assertEquals("\"created\"", get("/task/" + id + "/status").body(), "nothing can run while Kafka is down");
        } finally {
            stack.kafka().start();
        }

        JsonNode task = awaitEndState(id);

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("survived the outage", task.get("output").asText());
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

    private static String runTask(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request("/run-task")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static void awaitStatus(String id, String status) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(TASK_TIMEOUT);
        String seen = null;
        while (Instant.now().isBefore(deadline)) {
            seen = get("/task/" + id + "/status").body();
            if (seen.equals("\"" + status + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("Task " + id + " was not " + status + " within " + TASK_TIMEOUT + "; last seen: " + seen);
    }

    private static JsonNode awaitEndState(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(TASK_TIMEOUT);
        JsonNode task = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/task/" + id);
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

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.apiKey());
    }
}
