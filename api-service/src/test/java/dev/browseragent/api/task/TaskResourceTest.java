package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.auth.ApiKeys;
import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static dev.browseragent.api.task.RunTaskValidationTest.KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class TaskResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pingNeedsNoKey() {
        given().when().get("/api/v1/ping")
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
    }

    @Test
    void endpointsRefuseMissingOrUnknownKeys() {
        given().contentType(ContentType.JSON).body("{\"task\": \"t\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(401).contentType(ContentType.JSON).body("detail", equalTo("Invalid or missing API key"));
        withKey("bu_not_a_key")
                .when().get("/api/v1/task/" + UUID.randomUUID())
                .then().statusCode(401).body("detail", equalTo("Invalid or missing API key"));
    }

    @Test
    void manyTaskReadsAtOnceAllAnswer() throws Exception {
        // More reads at once than the pool has connections: a read that held one while waiting for another
        // would leave none for the rest, and they would all time out.
        TestAccount account = TestAccounts.create();
        String id = account.request().contentType(ContentType.JSON).body("{\"task\": \"read me\"}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/task/" + id))
                .header("Authorization", "Bearer " + account.key()).timeout(Duration.ofSeconds(20)).build();
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            reads.add(http.sendAsync(read, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : reads) {
            assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void runTaskStoresTheTaskAndDispatchesItThroughKafka() throws Exception {
        TestAccount account = TestAccounts.create();
        String id = given().header("X-Browser-Use-API-Key", account.key()).contentType(ContentType.JSON)
                .body("""
                        {"task": "Find the cheapest flight", "max_agent_steps": 12, "llm_model": "gpt-4.1-mini",
                         "metadata": {"team": "growth"}, "secrets": {"password": "hunter2"},
                         "structured_output_json": {"type": "object"}, "some_future_field": true}""")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("id");

        account.request()
                .when().get("/api/v1/task/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("task", equalTo("Find the cheapest flight"))
                .body("status", equalTo("created"))
                .body("output", nullValue())
                .body("finished_at", nullValue())
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"))
                .body("steps", empty())
                .body("metadata.team", equalTo("growth"))
                .body("browser_data", nullValue())
                .body("failure_reason", nullValue())
                .body(not(containsString("hunter2")));
        account.request()
                .when().get("/api/v1/task/" + id + "/status")
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("\"created\""));

        JsonNode dispatch = JSON.readTree(KafkaRecords.await(Topics.TASKS, id, Duration.ofSeconds(30)));
        assertEquals(id, dispatch.get("task_id").asText());
        JsonNode event = JSON.readTree(KafkaRecords.await(Topics.TASK_EVENTS, id, Duration.ofSeconds(30)));
        assertEquals("created", event.get("status").asText());
    }

    @Test
    void unknownOrMalformedTaskIdIsNotFound() {
        withKey(KEY)
                .when().get("/api/v1/task/" + UUID.randomUUID())
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Task not found"));
        withKey(KEY)
                .when().get("/api/v1/task/not-a-uuid/status")
                .then().statusCode(404).body("detail", equalTo("Task not found"));
    }

    @Test
    void anotherAccountsTaskIsNotFound() throws Exception {
        String id = withKey(KEY).contentType(ContentType.JSON)
                .body("{\"task\": \"mine\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
        String otherKey = "bu_other_account_key";
        insertAccountWithKey(otherKey);

        withKey(otherKey)
                .when().get("/api/v1/task/" + id)
                .then().statusCode(404).body("detail", equalTo("Task not found"));
    }

    private static void insertAccountWithKey(String key) throws Exception {
        UUID account = UUID.randomUUID();
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement insertAccount = connection.prepareStatement("insert into accounts (id, name) values (?, 'other')");
             PreparedStatement insertKey = connection.prepareStatement(
                     "insert into api_keys (key_hash, account_id) values (?, ?) on conflict do nothing")) {
            insertAccount.setObject(1, account);
            insertAccount.executeUpdate();
            insertKey.setString(1, ApiKeys.hash(key));
            insertKey.setObject(2, account);
            insertKey.executeUpdate();
        }
    }

}
