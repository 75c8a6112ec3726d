package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.browseragent.model.SubmissionHeaders;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskSubmissionResult;
import dev.browseragent.model.Topics;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.PublishedSchemas;
import dev.browseragent.testing.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelines against the packaged stack (API, worker, PostgreSQL, Kafka, Chromium; the scripted model as the one
 * stand-in): tasks in through task-submissions, events out through task-events, idempotent submission, and signed
 * webhooks to real HTTP receivers on loopback (private networks are allowed for them, as for the browser).
 */
class PipelinesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Far above what a delivery needs on an idle machine, far below the timeout a hanging endpoint costs. */
    private static final Duration PROMPT_DELIVERY = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static TopicClient kafka;

    @BeforeAll
    static void scriptTheModel() {
        stack.site().page("/order-42", "<html><head><title>Order 42</title></head><body><p>Order 42 is on its way</p></body></html>");
        Predicate<ModelPrompt> pageTask = prompt -> prompt.contains("Check order 42");
        stack.model().when(pageTask.and(prompt -> prompt.contains("Order 42 is on its way")),
                        prompt -> agentOutput("The order page is open", "Order found", "Report",
                                action("done", "text", "Order 42 is on its way", "success", true)))
                .when(pageTask,
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the order",
                                action("navigate", "url", stack.site().url("/order-42"))))
                .when(prompt -> prompt.contains("Quick task"),
                        prompt -> agentOutput("Nothing to open", "Done", "Finish",
                                action("done", "text", "quick", "success", true)));
        kafka = new TopicClient(stack.kafkaBootstrapServers());
    }

    @AfterAll
    static void closeKafkaClient() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aSubmissionThroughKafkaRunsToFinishedAndItsEventsArriveInOrderFollowingTheSchema() throws Exception {
        String requestId = "order-check-" + UUID.randomUUID();
        kafka.send(Topics.TASK_SUBMISSIONS, requestId, "{\"task\": \"Check order 42\"}", SubmissionHeaders.API_KEY, stack.client().apiKey());

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
        JsonNode task = stack.client().task(taskId);
        assertEquals("finished", task.get("status").asText());
        assertEquals("Order 42 is on its way", task.get("output").asText());
    }

    @Test
    void aRequestIdOrAnIdempotencyKeySentThreeTimesCreatesOneTask() throws Exception {
        String requestId = "thrice-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.TASK_SUBMISSIONS, requestId, "{\"task\": \"Quick task " + requestId + "\"}",
                    SubmissionHeaders.API_KEY, stack.client().apiKey());
        }
        List<JsonNode> results = result(requestId, 3);
        assertEquals(1, results.stream().map(r -> r.get("task_id").asText()).distinct().count(), results.toString());
        assertEquals(1, stack.database().count("select count(*) from tasks where task = ?", "Quick task " + requestId));

        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"task\": \"Quick task " + idempotencyKey + "\"}";
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < 3; i++) {
            V1Client.Response response = stack.client().request("POST", "/run-task", body,
                    Map.of("Idempotency-Key", idempotencyKey));
            assertEquals(200, response.status(), response.body());
            ids.add(response.json().get("id").asText());
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, stack.database().count("select count(*) from tasks where task = ?", "Quick task " + idempotencyKey));
    }

    @Test
    void anInvalidSubmissionGetsTheDetailTheHttpApiGivesForTheSameBody() throws Exception {
        String body = "{\"task\": \"  \", \"max_agent_steps\": 500, \"browser_viewport_width\": \"wide\"}";
        V1Client.Response http = stack.client().request("POST", "/run-task", body);
        assertEquals(422, http.status(), http.body());
        String requestId = "invalid-" + UUID.randomUUID();
        kafka.send(Topics.TASK_SUBMISSIONS, requestId, body, SubmissionHeaders.API_KEY, stack.client().apiKey());

        JsonNode result = result(requestId, 1).get(0);

        assertEquals(422, result.get("status_code").asInt());
        assertEquals(http.json().get("detail"), result.get("detail"));
    }

    @Test
    void aWebhookGetsTheTestEventThenEveryStatusOfATaskEachSignedAsTheSpecSays() throws Exception {
        WebhookAccount account = WebhookAccount.create();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            setWebhook(account, receiver);
            receiver.await(type("test"), TIMEOUT);

            String taskId = runTask(account, "Quick task for a webhook");
            List<WebhookReceiver.Received> received = receiver.await(status(taskId, "finished"), TIMEOUT);

            assertEquals(List.of("test", "initializing", "started", "finished"), names(received));
            for (WebhookReceiver.Received delivery : received) {
                assertSigned(delivery, account.secret());
            }
            JsonNode finished = JSON.readTree(received.get(received.size() - 1).body());
            assertEquals(taskId, finished.get("payload").get("task_id").asText());
            assertEquals(taskId, finished.get("payload").get("session_id").asText());
            assertEquals("{\"origin\":\"webhook-test\"}", finished.get("payload").get("metadata").toString());
            assertTrue(finished.get("timestamp").asText().endsWith("+00:00"), finished.toString());
            // The receiver has the last event as soon as it is sent; the API records it as delivered only after.
            await("every delivery recorded as delivered").atMost(TIMEOUT).untilAsserted(() -> {
                JsonNode deliveries = account.client().get("/webhook-deliveries?limit=10");
                assertEquals(4, deliveries.get("total_count").asInt(), deliveries.toString());
                deliveries.get("deliveries").forEach(d -> assertEquals("delivered", d.get("state").asText(), d.toString()));
            });
        }
    }

    @Test
    void deliveriesStillArriveInOrderWhenTheReceiverFailsItsFirstThreeAnswers() throws Exception {
        WebhookAccount account = WebhookAccount.create();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            setWebhook(account, receiver);
            receiver.await(type("test"), TIMEOUT);
            receiver.failNext(3);

            String taskId = runTask(account, "Quick task for a failing receiver");
            List<WebhookReceiver.Received> received = receiver.await(status(taskId, "finished"), TIMEOUT);

            assertEquals(3, receiver.failedAnswers());
            assertEquals(List.of("test", "initializing", "started", "finished"), names(received));
            received.forEach(delivery -> assertSigned(delivery, account.secret()));
            JsonNode deliveries = account.client().get("/webhook-deliveries?limit=10");
            JsonNode initializing = deliveries.get("deliveries").get(2);
            assertEquals("initializing", initializing.get("status").asText(), deliveries.toString());
            assertEquals(4, initializing.get("attempts").asInt(), deliveries.toString());
            assertEquals("delivered", initializing.get("state").asText());
        }
    }

    @Test
    void anEndpointAnsweringEndlesslyIsReadUpToTheCapThenHungUpOnAndItsDeliveryCounts() throws Exception {
        WebhookAccount account = WebhookAccount.create();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answerEndlessly();
            setWebhook(account, receiver);
            receiver.await(type("test"), TIMEOUT);

            await("the API hanging up on the endless answer").atMost(TIMEOUT)
                    .until(() -> receiver.endlessAnswersCut() == 1);
            await("the test event delivered").atMost(TIMEOUT).untilAsserted(() -> assertEquals("delivered",
                    account.client().get("/webhook-deliveries?limit=10").at("/deliveries/0/state").asText()));
            // What the endpoint wrote includes what the sockets' buffers took in on both sides: the API read 64 KiB.
            assertTrue(receiver.endlessBytesSent() < 64L << 20, receiver.endlessBytesSent() + " bytes written");
        }
    }

    @Test
    void anAccountWhoseReceiverHangsDelaysNoOtherAccountsDeliveries() throws Exception {
        WebhookAccount stuck = WebhookAccount.create();
        WebhookAccount other = WebhookAccount.create();
        try (WebhookReceiver hanging = WebhookReceiver.start(); WebhookReceiver healthy = WebhookReceiver.start()) {
            hanging.hang();
            setWebhook(stuck, hanging);
            for (int i = 0; i < 5; i++) {
                String id = runTask(stuck, "Quick task for a hanging receiver " + i);
                // Its initializing event is what the hanging endpoint holds; the task need not run (and keeps the
                // worker free for the other account's task): no worker claims a stopped task.
                stuck.client().stop(id);
            }
            await("the hanging endpoint holds 4 deliveries").atMost(TIMEOUT)
                    .until(() -> stack.database().count("select count(*) from webhook_deliveries where account_id = ?::uuid"
                            + " and locked_until > now()", stuck.id()) >= 4);
            setWebhook(other, healthy);
            healthy.await(type("test"), TIMEOUT);

            String taskId = runTask(other, "Quick task next to a hanging receiver");
            List<WebhookReceiver.Received> received = healthy.await(status(taskId, "finished"), TIMEOUT);

            JsonNode task = other.client().task(taskId);
            Duration delay = Duration.between(Instant.parse(task.get("finished_at").asText()), received.get(received.size() - 1).at());
            assertTrue(delay.compareTo(PROMPT_DELIVERY) < 0, "finished reached the healthy receiver after " + delay);
            assertTrue(hanging.received().isEmpty());
            JsonNode stuckDeliveries = stuck.client().get("/webhook-deliveries?limit=100");
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

    private static void setWebhook(WebhookAccount account, WebhookReceiver receiver) {
        V1Client.Response response = account.client().admin("PUT", "/accounts/" + account.id() + "/webhook",
                "{\"url\": \"" + receiver.url() + "\", \"secret\": \"" + account.secret() + "\"}");
        assertEquals(200, response.status(), response.body());
    }

    private static String runTask(WebhookAccount account, String task) {
        return account.client().runTask("{\"task\": \"" + task + "\", \"metadata\": {\"origin\": \"webhook-test\"}}");
    }

    private static List<JsonNode> result(String requestId, int count) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.await(Topics.TASK_SUBMISSION_RESULTS, requestId, count, TIMEOUT)) {
            PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA, record.value());
            results.add(JSON.readTree(record.value()));
        }
        return results;
    }

    /** An account of its own (admin API) and its webhook secret, so each test sees only its own deliveries. */
    private record WebhookAccount(V1Client.Account account, String secret) {

        static WebhookAccount create() {
            return new WebhookAccount(stack.client().createAccount(Map.of("name", "pipelines-it")),
                    "whsec_" + UUID.randomUUID());
        }

        String id() {
            return account.id();
        }

        V1Client client() {
            return account.client();
        }
    }
}
