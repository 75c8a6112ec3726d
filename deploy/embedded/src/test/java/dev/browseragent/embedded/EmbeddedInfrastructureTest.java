package dev.browseragent.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.browseragent.model.Topics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfrastructureTest {

    @Test
    void postgresKeepsRowsAcrossARestartWithTheSameDataDirectory(@TempDir Path dataDirectory) throws SQLException {
        int port;
        try (PostgresServer postgres = PostgresServer.start(dataDirectory, 0)) {
            port = postgres.port();
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/browser_agent", postgres.jdbcUrl());
            assertEquals("postgresql://127.0.0.1:" + port + "/browser_agent", postgres.url());
            execute(postgres, "CREATE TABLE greetings (text varchar(20))", "INSERT INTO greetings VALUES ('hello')");
        }
        assertFalse(accepts(port), "PostgreSQL still listens after close");

        try (PostgresServer postgres = PostgresServer.start(dataDirectory, port)) {
            assertEquals(port, postgres.port());
            assertEquals("hello", queryOne(postgres, "SELECT text FROM greetings"));
        }
    }

    @Test
    void kafkaDeliversAMessageBeforeAndAfterARestartOnTheSamePort() throws Exception {
        try (KafkaServer kafka = KafkaServer.builder().tasksPartitions(2).start()) {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(Set.of(Topics.TASKS, Topics.TASK_EVENTS)), "topics: " + topics);
                assertEquals(2, admin.describeTopics(Set.of(Topics.TASKS)).allTopicNames().get().get(Topics.TASKS).partitions().size());
            }
            send(kafka, "before");
            int port = kafka.port();

            kafka.stop();
            assertFalse(accepts(port), "Kafka still listens after stop");
            kafka.start();

            assertEquals(port, kafka.port());
            send(kafka, "after");
            assertEquals(List.of("before", "after"), readAll(kafka, 2));
        }
    }

    private static void send(KafkaServer kafka, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "same-key", value)).get();
        }
    }

    private static List<String> readAll(KafkaServer kafka, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static void execute(PostgresServer postgres, String... statements) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryOne(PostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), "no row for " + sql);
            return rows.getString(1);
        }
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
