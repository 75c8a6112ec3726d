package dev.browseragent.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.support.Database;
import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.NamedStatement;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.lifecycle.TaskLifecycle.StepRow;
import dev.browseragent.testing.EventStreamClient;
import dev.browseragent.testing.EventStreamClient.Event;
import dev.browseragent.testing.EventStreamClient.Reading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/task/{id}/stream}: a stand-in worker runs the task through the task lifecycle's own statements
 * (claim, steps, end), the client takes and hands back control through the API, and the stream tells it all in order.
 */
@QuarkusTest
class TaskEventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    TaskLifecycle lifecycle;

    @Test
    void theStreamTellsEveryStatusStepTakeoverAndTheOutputInOrderThenEnds() throws Exception {
        TestAccount account = TestAccounts.create(Map.of());
        String id = runTask(account);
        RunClaim claim = claim(id);
        recordStep(claim, 1, "open the shop");
        account.request().put("/api/v1/take-control-task?task_id=" + id).then().statusCode(200);
        account.request().put("/api/v1/release-control-task?task_id=" + id).then().statusCode(200);
        recordStep(claim, 2, "read the price");
        run(lifecycle.end(claim, TaskStatus.FINISHED, "42 EUR", null));

        Reading reading = read(account, id, Map.of(), 100);

        assertEquals(200, reading.status());
        assertTrue(reading.contentType().startsWith("text/event-stream"), reading.contentType());
        assertTrue(reading.ended(), "the stream ends after the final status");
        assertEquals(List.of("status created", "status running", "step 1 open the shop", "control paused taken",
                "control running released", "step 2 read the price", "status finished 42 EUR"), describe(reading.events()));
        JsonNode step = JSON.readTree(reading.events().get(2).data());
        assertEquals(List.of("id", "step", "evaluation_previous_goal", "next_goal", "url"), fieldNames(step),
                "a step as GET /task/{id} shows it");
        assertEquals(step.get("id").asText(), stepIdOf(id, 1));
        assertIncreasingIds(reading.events());
    }

    @Test
    void aClientThatReconnectsWithTheLastIdGetsWhatItMissedAndNothingTwice() throws Exception {
        TestAccount account = TestAccounts.create(Map.of());
        String id = runTask(account);
        RunClaim claim = claim(id);
        recordStep(claim, 1, "first");

        Reading first = read(account, id, Map.of(), 2);
        assertFalse(first.ended());
        recordStep(claim, 2, "second");
        run(lifecycle.end(claim, TaskStatus.FAILED, null, "The site did not load"));
        Reading rest = read(account, id, Map.of("Last-Event-ID", first.events().get(1).id()), 100);

        assertEquals(List.of("status created", "status running"), describe(first.events()));
        assertEquals(List.of("step 1 first", "step 2 second", "status failed"), describe(rest.events()));
        assertEquals("The site did not load", JSON.readTree(rest.events().get(2).data()).get("reason").asText());
        assertTrue(rest.ended());
        List<Event> all = new ArrayList<>(first.events());
        all.addAll(rest.events());
        assertIncreasingIds(all);
        assertEquals(List.of(), read(account, id, Map.of("Last-Event-ID", all.get(all.size() - 1).id()), 100).events(),
                "an ended task's stream ends at once for a client that saw everything");
    }

    @Test
    void theStreamHasTheRulesOfTheTaskObject() {
        TestAccount owner = TestAccounts.create(Map.of());
        String id = runTask(owner);

        for (String unknown : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            owner.request().get("/api/v1/task/" + unknown + "/stream")
                    .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Task not found"));
        }
        TestAccounts.create(Map.of()).request().get("/api/v1/task/" + id + "/stream")
                .then().statusCode(404).body("detail", equalTo("Task not found"));
        TestAccounts.withKey("bu_wrong").get("/api/v1/task/" + id + "/stream").then().statusCode(401);
        owner.request().header("Last-Event-ID", "yesterday").get("/api/v1/task/" + id + "/stream")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("header", "Last-Event-ID")));
    }

    private static String runTask(TestAccount account) {
        return account.request().contentType(ContentType.JSON).body(Map.of("task", "find the price"))
                .post("/api/v1/run-task").then().statusCode(200).extract().path("id");
    }

    /** Claims the task as a worker would. */
    private RunClaim claim(String id) throws Exception {
        List<Map<String, Object>> rows = run(lifecycle.claim(UUID.fromString(id), "stand-in", null, Duration.ofMinutes(1)));
        assertEquals(1, rows.size(), "claimed");
        return new RunClaim(UUID.fromString(id), "stand-in", (Integer) rows.get(0).get("attempt"));
    }

    private void recordStep(RunClaim claim, int number, String nextGoal) throws Exception {
        assertEquals(1, run(lifecycle.recordStep(claim, new StepRow(number, "", "", nextGoal, "https://example.com/",
                "[]", null, 1, 1, 1, 1, 1))).size());
    }

    private static List<Map<String, Object>> run(NamedStatement.Bound bound) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement statement = JdbcStatements.prepare(connection, bound);
             ResultSet result = statement.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Reading read(TestAccount account, String id, Map<String, String> headers, int limit) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + account.key());
        return EventStreamClient.read(URI.create("http://localhost:" + RestAssured.port + "/api/v1/task/" + id + "/stream"),
                all, limit, TIMEOUT);
    }

    /** Each event as "name status/step detail". */
    private static List<String> describe(List<Event> events) throws Exception {
        List<String> described = new ArrayList<>();
        for (Event event : events) {
            JsonNode data = JSON.readTree(event.data());
            String text = switch (event.name()) {
                case "step" -> "step " + data.get("step").asInt() + " " + data.get("next_goal").asText();
                case "control" -> "control " + data.get("status").asText() + " " + data.get("control").asText();
                default -> ("status " + data.get("status").asText() + " " + data.path("output").asText("")).strip();
            };
            described.add(text);
        }
        return described;
    }

    private static void assertIncreasingIds(List<Event> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(Long.parseLong(events.get(i).id()) > Long.parseLong(events.get(i - 1).id()), events.toString());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String stepIdOf(String task, int step) {
        return Database.single("select id::text from task_steps where task_id = ? and step = ?", UUID.fromString(task),
                step);
    }
}
