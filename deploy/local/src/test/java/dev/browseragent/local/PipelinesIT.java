package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskSubmissionResult;
import dev.browseragent.model.SubmissionHeaders;
import dev.browseragent.model.Topics;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.PublishedSchemas;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.testing.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelines against the packaged stack (API, worker, PostgreSQL, Kafka, Chromium; the scripted model as the one
 * stand-in): tasks in through task-submissions, events out through task-events, idempotent submission, and signed
 * webhooks to real HTTP receivers on loopback (private networks are allowed for them, as for the browser).
 */
class PipelinesIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String ADMIN_TOKEN = "it-admin-token";
    /** Far above what a delivery needs on an idle machine, far below the timeout a hanging endpoint costs. */
    private static final Duration PROMPT_DELIVERY = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path stateDirectory;

    private static TestSite site;
    private static ScriptedModelServer model;
    private static LocalStack stack;
    private static TopicClient kafka;

    @BeforeAll
    static void startStack() {
        site = TestSite.start();
        site.page("/order", "<html><head><title>Order 42</title></head><body><p>Order 42 is on its way</p></body></html>");
        model = ScriptedModelServer.start();
        Predicate<ModelPrompt> pageTask = prompt -> prompt.contains("Check order 42");
        model.when(pageTask.and(prompt -> prompt.contains("Order 42 is on its way")),
                        prompt -> agentOutput("The order page is open", "Order found", "Report",
                                action("done", "text", "Order 42 is on its way", "success", true)))
                .when(pageTask,
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the order",
                                action("navigate", "url", site.url("/order"))))
                .when(prompt -> prompt.contains("Quick task"),
                        prompt -> agentOutput("Nothing to open", "Done", "Finish",
                                action("done", "text", "quick", "success", true)));
        stack = new LocalStack(LocalStackConfig.builder(REPO_ROOT)
                .stateDirectory(stateDirectory)
                .freePorts()
                .environment("OPENAI_BASE_URL", model.baseUrl())
                .environment("OPENAI_API_KEY", "scripted")
                .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                .environment("BROWSER_AGENT_ADMIN_TOKEN", ADMIN_TOKEN)
                .environment("BROWSER_AGENT_WEBHOOKS_RETRY_BACKOFF", "200ms")
                .environment("BROWSER_AGENT_WEBHOOKS_TIMEOUT", "60s")
                .build());
        stack.start();
        kafka = new TopicClient(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
        model.close();
        site.close();
    }

    @Test
    void aSubmissionThroughKafkaRunsToFinishedAndItsEventsArriveInOrderFollowingTheSchema() throws Exception {
        String requestId = "order-check-" + UUID.randomUUID();
        kafka.send(Topics.TASK_SUBMISSIONS, requestId, "{\"task\": \"Check order 42\"}", SubmissionHeaders.API_KEY, stack.apiKey());

        JsonNode result = result(requestId, 1).get(0);
        String taskId = result.get("task_id").asText();
        List<ConsumerRecord<String, String>> records = kafka.awaitUntil(Topics.TASK_EVENTS, taskId,
                PipelinesIT::isFinishedStatus, TIMEOUT);

        List<String> sequence = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            PublishedSchemas.assertValid(TaskEvent.SCHEMA, record.value());
            JsonNode event = JSON.readTree(record.value());
            // At least once: a repeated record is the same event again, recognised by its fields.
            if (seen.add(event.get("type").asText() + event.path("status").asText() + event.path("step").asText()
                    + event.get("timestamp").asText())) {
                sequence.add(event.get("type").asText().equals("step") ? "step " + event.get("step").asInt()
                        : event.get("status").asText());
            }
        }
        assertEquals(List.of("created", "running", "step 1", "step 2", "finished"), sequence);
        JsonNode task = JSON.readTree(get("/task/" + taskId, stack.apiKey()).body());
        assertEquals("finished", task.get("status").asText());
        assertEquals("Order 42 is on its way", task.get("output").asText());
    }

    @Test
    void aRequestIdOrAnIdempotencyKeySentThreeTimesCreatesOneTask() throws Exception {
        String requestId = "thrice-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.TASK_SUBMISSIONS, requestId, "{\"task\": \"Quick task " + requestId + "\"}",
                    SubmissionHeaders.API_KEY, stack.apiKey());
        }
        List<JsonNode> results = result(requestId, 3);
        assertEquals(1, results.stream().map(r -> r.get("task_id").asText()).distinct().count(), results.toString());
        assertEquals(1, count("select count(*) from tasks where task = ?", "Quick task " + requestId));

        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"task\": \"Quick task " + idempotencyKey + "\"}";
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = HTTP.send(request("/run-task", stack.apiKey())
                    .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            ids.add(JSON.readTree(response.body()).get("id").asText());
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, count("select count(*) from tasks where task = ?", "Quick task " + idempotencyKey));
    }

    @Test
    void anInvalidSubmissionGetsTheDetailTheHttpApiGivesForTheSameBody() throws Exception {
        String body = "{\"task\": \"  \", \"max_agent_steps\": 500, \"browser_viewport_width\": \"wide\"}";
        HttpResponse<String> http = HTTP.send(request("/run-task", stack.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, http.statusCode(), http.body());
        String requestId = "invalid-" + UUID.randomUUID();
        kafka.send(Topics.TASK_SUBMISSIONS, requestId, body, SubmissionHeaders.API_KEY, stack.apiKey());

        JsonNode result = result(requestId, 1).get(0);

        assertEquals(422, result.get("status_code").asInt());
        assertEquals(JSON.readTree(http.body()).get("detail"), result.get("detail"));
    }

    @Test
    void aWebhookGetsTheTestEventThenEveryStatusOfATaskEachSignedAsTheSpecSays() throws Exception {
        Account account = Account.create();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            setWebhook(account, receiver);
            receiver.await(type("test"), TIMEOUT);

            String taskId = runTask(account, "Quick task for a webhook");
            List<WebhookReceiver.Received> received = receiver.await(status(taskId, "finished"), TIMEOUT);

            assertEquals(List.of("test", "initializing", "started", "finished"), names(received));
            for (WebhookReceiver.Received delivery : received) {
                assertSigned(delivery, account.secret);
            }
            JsonNode finished = JSON.readTree(received.get(received.size() - 1).body());
            assertEquals(taskId, finished.get("payload").get("task_id").asText());
            assertEquals(taskId, finished.get("payload").get("session_id").asText());
            assertEquals("{\"origin\":\"webhook-test\"}", finished.get("payload").get("metadata").toString());
            assertTrue(finished.get("timestamp").asText().endsWith("+00:00"), finished.toString());
            JsonNode deliveries = JSON.readTree(get("/webhook-deliveries?limit=10", account.apiKey).body());
            assertEquals(4, deliveries.get("total_count").asInt(), deliveries.toString());
            deliveries.get("deliveries").forEach(d -> assertEquals("delivered", d.get("state").asText(), d.toString()));
        }
    }

    @Test
    void deliveriesStillArriveInOrderWhenTheReceiverFailsItsFirstThreeAnswers() throws Exception {
        Account account = Account.create();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            setWebhook(account, receiver);
            receiver.await(type("test"), TIMEOUT);
            receiver.failNext(3);

            String taskId = runTask(account, "Quick task for a failing receiver");
            List<WebhookReceiver.Received> received = receiver.await(status(taskId, "finished"), TIMEOUT);

            assertEquals(3, receiver.failedAnswers());
            assertEquals(List.of("test", "initializing", "started", "finished"), names(received));
            received.forEach(delivery -> assertSigned(delivery, account.secret));
            JsonNode deliveries = JSON.readTree(get("/webhook-deliveries?limit=10", account.apiKey).body());
            JsonNode initializing = deliveries.get("deliveries").get(2);
            assertEquals("initializing", initializing.get("status").asText(), deliveries.toString());
            assertEquals(4, initializing.get("attempts").asInt(), deliveries.toString());
            assertEquals("delivered", initializing.get("state").asText());
        }
    }

    @Test
    void anAccountWhoseReceiverHangsDelaysNoOtherAccountsDeliveries() throws Exception {
        Account stuck = Account.create();
        Account other = Account.create();
        try (WebhookReceiver hanging = WebhookReceiver.start(); WebhookReceiver healthy = WebhookReceiver.start()) {
            hanging.hang();
            setWebhook(stuck, hanging);
            for (int i = 0; i < 5; i++) {
                runTask(stuck, "Quick task for a hanging receiver " + i);
            }
            // Their initializing events are what the hanging endpoint holds; the tasks need not run (and keep the
            // worker free for the other account's task): no worker claims a stopped task.
            execute("update tasks set status = 'stopped', finished_at = now() where account_id = '" + stuck.id + "'");
            awaitCount("select count(*) from webhook_deliveries where account_id = '" + stuck.id
                    + "' and locked_until > now()", 4);
            setWebhook(other, healthy);
            healthy.await(type("test"), TIMEOUT);

            String taskId = runTask(other, "Quick task next to a hanging receiver");
            List<WebhookReceiver.Received> received = healthy.await(status(taskId, "finished"), TIMEOUT);

            JsonNode task = JSON.readTree(get("/task/" + taskId, other.apiKey).body());
            Duration delay = Duration.between(Instant.parse(task.get("finished_at").asText()), received.get(received.size() - 1).at());
            assertTrue(delay.compareTo(PROMPT_DELIVERY) < 0, "finished reached the healthy receiver after " + delay);
            assertTrue(hanging.received().isEmpty());
            JsonNode stuckDeliveries = JSON.readTree(get("/webhook-deliveries?limit=100", stuck.apiKey).body());
            stuckDeliveries.get("deliveries").forEach(d -> assertEquals("pending", d.get("state").asText(), d.toString()));
        }
    }

    private static boolean isFinishedStatus(String value) {
        try {
            JsonNode event = JSON.readTree(value);
            return event.get("type").asText().equals("status") && event.get("status").asText().equals("finished");
        } catch (IOException e) {
            throw new AssertionError("Not JSON on task-events: " + value, e);
        }
    }

    private static void assertSigned(WebhookReceiver.Received delivery, String secret) {
        try {
            // The spec's rule, recomputed here: keys sorted recursively, no whitespace, HMAC over "<timestamp>.<body>".
            String canonical = CANONICAL.writeValueAsString(JSON.readValue(delivery.body(), Map.class));
            assertEquals(canonical, delivery.body(), "the body is sent in its canonical form");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((delivery.timestamp() + "." + canonical).getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, delivery.signature(), delivery.body());
            assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.timestamp())) < 600);
        } catch (Exception e) {
            throw new AssertionError("Cannot verify " + delivery, e);
        }
    }

    private static List<String> names(List<WebhookReceiver.Received> received) throws IOException {
        List<String> names = new ArrayList<>();
        for (WebhookReceiver.Received delivery : received) {
            JsonNode body = JSON.readTree(delivery.body());
            names.add(body.get("type").asText().equals("test") ? "test" : body.get("payload").get("status").asText());
        }
        return names;
    }

    private static Predicate<WebhookReceiver.Received> type(String type) {
        return delivery -> delivery.body().contains("\"type\":\"" + type + "\"");
    }

    private static Predicate<WebhookReceiver.Received> status(String taskId, String status) {
        return delivery -> delivery.body().contains(taskId) && delivery.body().contains("\"status\":\"" + status + "\"");
    }

    private static void setWebhook(Account account, WebhookReceiver receiver) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl().replace("/api/v1", "")
                        + "/admin/accounts/" + account.id + "/webhook"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + receiver.url() + "\", \"secret\": \"" + account.secret + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String runTask(Account account, String task) throws Exception {
        HttpResponse<String> response = HTTP.send(request("/run-task", account.apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"" + task + "\", \"metadata\": {\"origin\": \"webhook-test\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static List<JsonNode> result(String requestId, int count) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.await(Topics.TASK_SUBMISSION_RESULTS, requestId, count, TIMEOUT)) {
            PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA, record.value());
            results.add(JSON.readTree(record.value()));
        }
        return results;
    }

    private static HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        return HTTP.send(request(path, apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String apiKey) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey);
    }

    private static long count(String sql, String parameter) throws Exception {
        try (Connection connection = database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** Waits until the query's count reaches {@code expected}: here, deliveries a hanging endpoint holds open. */
    private static void awaitCount(String sql, long expected) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = database(); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(sql)) {
                row.next();
                seen = row.getLong(1);
            }
            if (seen >= expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sql + " stayed at " + seen + " instead of " + expected);
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().username(), stack.postgres().password());
    }

    /** An account of its own, with an API key and a webhook secret, so each test sees only its own deliveries. */
    private record Account(UUID id, String apiKey, String secret) {

        static Account create() throws Exception {
            Account account = new Account(UUID.randomUUID(), "bu_it_" + UUID.randomUUID(), "whsec_" + UUID.randomUUID());
            try (Connection connection = database();
                 PreparedStatement insertAccount = connection.prepareStatement("insert into accounts (id, name) values (?, 'pipelines-it')");
                 PreparedStatement insertKey = connection.prepareStatement("insert into api_keys (key_hash, account_id) values (?, ?)")) {
                insertAccount.setObject(1, account.id);
                insertAccount.executeUpdate();
                insertKey.setString(1, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(account.apiKey.getBytes(StandardCharsets.UTF_8))));
                insertKey.setObject(2, account.id);
                insertKey.executeUpdate();
            }
            return account;
        }
    }
}
