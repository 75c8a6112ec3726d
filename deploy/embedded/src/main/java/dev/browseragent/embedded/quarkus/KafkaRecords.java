package dev.browseragent.embedded.quarkus;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what a service published to the test broker, as an outside consumer would. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /**
     * Reads the topic from its start until a record with this key shows up, and returns its value.
     *
     * @throws AssertionError when none shows up within the timeout
     */
    public static String await(String topic, String key, Duration timeout) {
        return await(topic, key, 1, timeout).get(0);
    }

    /**
     * Reads the topic from its start until {@code count} records with this key showed up, and returns their
     * values in topic order.
     *
     * @throws AssertionError when fewer show up within the timeout
     */
    public static List<String> await(String topic, String key, int count, Duration timeout) {
        List<String> values = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        values.add(record.value());
                    }
                    if (values.size() == count) {
                        return values;
                    }
                }
            }
        }
        throw new AssertionError(values.size() + " of " + count + " records with key " + key + " on " + topic
                + " within " + timeout);
    }
}
