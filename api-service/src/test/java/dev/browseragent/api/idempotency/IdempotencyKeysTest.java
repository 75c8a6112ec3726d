package dev.browseragent.api.idempotency;

import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class IdempotencyKeysTest {

    private static final String KEY = "bu_test_bootstrap_key";

    @Test
    void theSameKeyAndBodyThreeTimesGiveOneTask() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        String task = "Idempotent " + idempotencyKey;
        String first = runTask(idempotencyKey, "{\"task\": \"" + task + "\", \"metadata\": {\"a\": \"1\", \"b\": \"2\"}}");
        // The same request with its keys in another order and other spacing is the same body.
        String second = runTask(idempotencyKey, "{\"metadata\":{\"b\":\"2\",\"a\":\"1\"},\"task\":\"" + task + "\"}");
        String third = runTask(idempotencyKey, "{\"task\": \"" + task + "\", \"metadata\": {\"a\": \"1\", \"b\": \"2\"}}");

        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(1, tasksNamed(task));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndCreatesNothing() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        runTask(idempotencyKey, "{\"task\": \"first body\"}");

        withKey(KEY).header(IdempotencyKeys.HEADER, idempotencyKey)
                .contentType(ContentType.JSON).body("{\"task\": \"second body " + idempotencyKey + "\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(409).contentType(ContentType.JSON).body("detail", equalTo(IdempotencyKeys.CONFLICT));
        assertEquals(0, tasksNamed("second body " + idempotencyKey));
    }

    @Test
    void withoutTheHeaderEveryRequestCreatesATaskAndTooLongAKeyIs422() {
        String body = "{\"task\": \"no key\"}";
        String first = withKey(KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        String second = withKey(KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        assertNotEquals(first, second);

        withKey(KEY).header(IdempotencyKeys.HEADER, "k".repeat(256))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(422).body("detail[0].loc[0]", equalTo("header"));
    }

    @Test
    void aKeyPastTheRetentionWindowCreatesANewTask() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"task\": \"expiring " + idempotencyKey + "\"}";
        String first = runTask(idempotencyKey, body);
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement age = connection.prepareStatement(
                     "update task_request_keys set created_at = now() - interval '25 hours' where request_key = ?")) {
            age.setString(1, idempotencyKey);
            assertEquals(1, age.executeUpdate());
        }

        assertNotEquals(first, runTask(idempotencyKey, body));
    }

    private static String runTask(String idempotencyKey, String body) {
        return withKey(KEY).header(IdempotencyKeys.HEADER, idempotencyKey)
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
    }

    private static long tasksNamed(String task) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from tasks where task = ?")) {
            query.setString(1, task);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
