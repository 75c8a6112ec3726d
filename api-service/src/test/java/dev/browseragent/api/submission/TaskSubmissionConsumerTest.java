package dev.browseragent.api.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.SubmissionHeaders;
import dev.browseragent.model.TaskSubmissionResult;
import dev.browseragent.model.Topics;
import dev.browseragent.testing.PublishedSchemas;
import dev.browseragent.testing.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task-submissions consumer against the real broker and database: results, duplicates, bad records. */
@QuarkusTest
class TaskSubmissionConsumerTest {

    private static final String KEY = "bu_test_bootstrap_key";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaTestResource.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void anAcceptedSubmissionCreatesTheTaskAndAnswersItsId() throws Exception {
        String requestId = "order-" + UUID.randomUUID();
        submit(requestId, "{\"task\": \"Summarise the order\", \"metadata\": {\"order\": \"42\"}}", KEY);

        JsonNode result = results(requestId, 1).get(0);

        assertEquals(1, result.get("schema_version").asInt());
        String taskId = result.get("task_id").asText();
        assertNull(result.get("status_code"));
        withKey(KEY).when().get("/api/v1/task/" + taskId)
                .then().statusCode(200);
        assertEquals(1, tasksForRequest(requestId));
    }

    @Test
    void theSameRequestIdThreeTimesCreatesOneTask() throws Exception {
        String requestId = "retry-" + UUID.randomUUID();
        String body = "{\"task\": \"Only once, please\"}";
        for (int i = 0; i < 3; i++) {
            submit(requestId, body, KEY);
        }

        List<JsonNode> results = results(requestId, 3);

        String taskId = results.get(0).get("task_id").asText();
        for (JsonNode result : results) {
            assertEquals(taskId, result.get("task_id").asText(), results.toString());
        }
        assertEquals(1, tasksForRequest(requestId));
        assertEquals(1, count("select count(*) from tasks where task = 'Only once, please'"));
    }

    @Test
    void theSameRequestIdWithAnotherBodyIsAConflict() throws Exception {
        String requestId = "conflict-" + UUID.randomUUID();
        submit(requestId, "{\"task\": \"first\"}", KEY);
        results(requestId, 1);
        submit(requestId, "{\"task\": \"second\"}", KEY);

        JsonNode conflict = results(requestId, 2).get(1);

        assertEquals(409, conflict.get("status_code").asInt());
        assertEquals(TaskSubmissionConsumer.CONFLICT, conflict.get("detail").asText());
    }

    @Test
    void anInvalidSubmissionGetsTheDetailTheHttpApiGives() throws Exception {
        String body = "{\"max_agent_steps\": 0, \"llm_model\": \"gpt-5-ultra\"}";
        String http = withKey(KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(422).extract().asString();
        String requestId = "invalid-" + UUID.randomUUID();
        submit(requestId, body, KEY);

        JsonNode result = results(requestId, 1).get(0);

        assertEquals(422, result.get("status_code").asInt());
        assertEquals(JSON.readTree(http).get("detail"), result.get("detail"));
        assertEquals(3, result.get("detail").size(), result.toString());
        assertEquals(0, tasksForRequest(requestId));
    }

    @Test
    void anUnknownApiKeyIsRefusedAsOverHttp() throws Exception {
        String requestId = "stranger-" + UUID.randomUUID();
        submit(requestId, "{\"task\": \"t\"}", "bu_not_a_key");

        JsonNode result = results(requestId, 1).get(0);

        assertEquals(401, result.get("status_code").asInt());
        assertEquals("Invalid or missing API key", result.get("detail").asText());
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheNextSubmissionStillRuns() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "not-json-" + marker;
        String noHeader = "no-header-" + marker;
        kafka.send(Topics.TASK_SUBMISSIONS, null, "{\"task\": \"no key " + marker + "\"}", SubmissionHeaders.API_KEY, KEY);
        submit(notJson, "{\"task\": ", KEY);
        submit(noHeader, "{\"task\": \"t\"}", null);
        String after = "after-" + marker;
        submit(after, "{\"task\": \"after the bad ones\"}", KEY);

        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.TASK_SUBMISSIONS_DEAD_LETTER,
                record -> (record.key() != null && record.key().contains(marker))
                        || (record.value() != null && record.value().contains(marker)), 3, TIMEOUT);

        assertEquals(422, results(notJson, 1).get(0).get("status_code").asInt());
        assertEquals("value_error.jsondecode", results(notJson, 1).get(0).get("detail").get(0).get("type").asText());
        assertEquals(401, results(noHeader, 1).get(0).get("status_code").asInt());
        assertNotNull(results(after, 1).get(0).get("task_id"));
        for (ConsumerRecord<String, String> record : dead) {
            String reason = new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            String expected = record.key() == null ? "request id" : record.key().startsWith("no-header") ? "API key" : "not JSON";
            assertTrue(reason.contains(expected), reason + " for " + record);
            assertNull(record.headers().lastHeader(SubmissionHeaders.API_KEY), "no API key in the dead letter " + record);
        }
    }

    private static void submit(String requestId, String body, String apiKey) {
        kafka.send(Topics.TASK_SUBMISSIONS, requestId, body, SubmissionHeaders.API_KEY, apiKey);
    }

    private static List<JsonNode> results(String requestId, int count) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.await(Topics.TASK_SUBMISSION_RESULTS, requestId, count, TIMEOUT)) {
            PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA, record.value());
            results.add(JSON.readTree(record.value()));
        }
        return results;
    }

    private static long tasksForRequest(String requestId) throws Exception {
        return count("select count(*) from task_request_keys where source = 'kafka' and request_key = '" + requestId + "'");
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
