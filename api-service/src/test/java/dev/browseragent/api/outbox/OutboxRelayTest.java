package dev.browseragent.api.outbox;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import dev.browseragent.model.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task acknowledged while Kafka is down waits in the outbox and is dispatched once the broker is back; meanwhile
 * the API stays ready, since it can still take tasks. A row the broker refuses is parked and holds nothing back.
 */
@QuarkusTest
class OutboxRelayTest {

    /** {@code /q/health/ready} of the management interface (whose root, {@code /q}, the path is relative to). */
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @Test
    void dispatchWaitsForKafkaAndIsPublishedWhenItIsBack() throws Exception {
        // An account of its own: the bootstrap account's running slots may be taken by other tests' tasks.
        TestAccount account = TestAccounts.create();
        KafkaTestResource.stopBroker();
        String id;
        try {
            id = account.request().contentType(ContentType.JSON)
                    .body("{\"task\": \"Survive a Kafka outage\"}")
                    .when().post("/api/v1/run-task")
                    .then().statusCode(200).extract().path("id");
            awaitRelayTried(id);
            assertTrue(outboxRows(id) > 0, "the dispatch waits in the outbox while Kafka is down");
            assertEquals("0", queryOne("select count(*) from outbox where parked_at is not null and message_key = ?", id),
                    "a broker outage parks nothing");
            given().when().get(readiness).then().statusCode(200);
        } finally {
            KafkaTestResource.startBroker();
        }
        KafkaRecords.await(Topics.TASKS, id, Duration.ofSeconds(60));
    }

    @Test
    void aRowTheBrokerRefusesIsParkedAndTheRowsAfterItAreStillPublished() throws Exception {
        String refusedKey = UUID.randomUUID().toString();
        String nextKey = UUID.randomUUID().toString();
        // Larger than the producer's max.request.size (1 MiB): the broker can never take it.
        String tooLarge = "\"" + "x".repeat(1_200_000) + "\"";
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into outbox (topic, message_key, payload) values ('tasks', ?, ?::jsonb)")) {
            insert.setString(1, refusedKey);
            insert.setString(2, tooLarge);
            insert.executeUpdate();
            insert.setString(1, nextKey);
            insert.setString(2, "{\"task_id\": null, \"note\": \"after the refused row\"}");
            insert.executeUpdate();
        }

        awaitRow("select count(*) from outbox where parked_at is not null and attempts = 5"
                + " and last_error like '%max.request.size%' and message_key = ?", refusedKey);
        awaitRow("select (not exists (select 1 from outbox where message_key = ?))::int", nextKey);
        KafkaRecords.await(Topics.TASKS, nextKey, Duration.ofSeconds(10));
    }

    @Test
    void aBrokerThatWentAwayIsNoticedAfterOneSendNotOnePerWaitingRow() throws Exception {
        // A topic the producer has no metadata for: each send to it blocks for max.block.ms (5 s) while Kafka is down.
        String topic = "outbox-probe-" + UUID.randomUUID();
        KafkaTestResource.stopBroker();
        try (Connection connection = PostgresTestResource.connect()) {
            try {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into outbox (topic, message_key, payload) values (?, ?, '{}'::jsonb)")) {
                    for (int row = 0; row < 10; row++) {
                        insert.setString(1, topic);
                        insert.setString(2, topic + "-" + row);
                        insert.executeUpdate();
                    }
                }
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).until(() -> !queryOne(
                        "select count(*) from outbox where last_error is not null and topic = ?", topic).equals("0"));
                Duration noticed = Duration.ofNanos(System.nanoTime() - start);
                // Ten rows sent one after the other would take 50 s before anything is recorded.
                assertTrue(noticed.compareTo(Duration.ofSeconds(20)) < 0, "the outage was recorded after " + noticed);
            } finally {
                // Rows of a topic nobody reads, which would otherwise hold back every row after them.
                try (PreparedStatement delete = connection.prepareStatement("delete from outbox where topic = ?")) {
                    delete.setString(1, topic);
                    delete.executeUpdate();
                }
            }
        } finally {
            KafkaTestResource.startBroker();
        }
    }

    /** Waits until the relay has tried to publish the row and recorded why it could not. */
    private static void awaitRelayTried(String key) throws Exception {
        awaitRow("select count(*) from outbox where last_error is not null and message_key = ?", key);
    }

    /** Waits until the count query finds a row. */
    private static void awaitRow(String countQuery, String key) {
        await(countQuery.replace("?", "'" + key + "'")).atMost(Duration.ofSeconds(60))
                .until(() -> !queryOne(countQuery, key).equals("0"));
    }

    private static String queryOne(String sql, String parameter) throws Exception {
        try (Connection connection = PostgresTestResource.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
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
