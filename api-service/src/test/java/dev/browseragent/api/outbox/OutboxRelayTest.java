package dev.browseragent.api.outbox;

import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A task acknowledged while Kafka is down waits in the outbox and is dispatched once the broker is back. */
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
        } finally {
            KafkaTestResource.startBroker();
        }
        awaitDispatch(id);
    }

    private static long outboxRows(String key) throws Exception {
        try (Connection connection = DriverManager.getConnection(PostgresTestResource.jdbcUrl(),
                PostgresTestResource.username(), PostgresTestResource.password());
             PreparedStatement query = connection.prepareStatement("select count(*) from outbox where message_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void awaitDispatch(String id) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TASKS));
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        return;
                    }
                }
            }
        }
        fail("The dispatch of " + id + " was not published within 60 s of Kafka coming back");
    }
}
