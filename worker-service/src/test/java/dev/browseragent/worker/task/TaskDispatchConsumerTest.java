package dev.browseragent.worker.task;

import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.model.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A record on {@code tasks} that is not a dispatch is parked on the dead-letter topic, not retried forever. */
@QuarkusTest
class TaskDispatchConsumerTest {

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.TASKS, key, "this is not a dispatch")).get();
        }

        assertEquals("this is not a dispatch", KafkaRecords.await("tasks-dead-letter", key, Duration.ofSeconds(30)));
    }
}
