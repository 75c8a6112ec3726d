package dev.browseragent.api.outbox;

import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task acknowledged while Kafka is down waits in the outbox and is dispatched once the broker is back; meanwhile
 * the API stays ready, since it can still take tasks.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {

    @Test
    void dispatchWaitsForKafkaAndIsPublishedWhenItIsBack() throws Exception {
        KafkaTestResource.stopBroker();
        String id;
        try {
            id = given().header("Authorization", "Bearer bu_test_bootstrap_key").contentType(ContentType.JSON)
                    .body("{\"task\": \"Survive a Kafka outage\"}")
                    .when().post("/api/v1/run-task")
                    .then().statusCode(200).extract().path("id");
            Thread.sleep(7_000);
            assertTrue(outboxRows(id) > 0, "the dispatch waits in the outbox while Kafka is down");
            given().when().get("/q/health/ready").then().statusCode(200);
        } finally {
            KafkaTestResource.startBroker();
        }
        KafkaRecords.await(Topics.TASKS, id, Duration.ofSeconds(60));
    }

    private static long outboxRows(String key) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from outbox where message_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

}
