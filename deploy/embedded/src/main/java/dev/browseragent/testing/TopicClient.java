package dev.browseragent.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Produces and reads records the way an outside pipeline does, for tests of the Kafka contracts. */
public final class TopicClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Sends a record and waits for the broker's acknowledgement; a null header value means no header. */
    public void send(String topic, String key, String value, String headerName, String headerValue) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (headerValue != null) {
            record.headers().add(headerName, headerValue.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e.getCause());
        }
    }

    /** Sends {@code count} records keyed {@code keyPrefix + i} at once, and waits until the broker has them all. */
    public void sendAll(String topic, String keyPrefix, int count, String value, String headerName, String headerValue) {
        for (int i = 0; i < count; i++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, keyPrefix + i, value);
            record.headers().add(headerName, headerValue.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    /**
     * Reads the topic from its start (a new consumer group) until {@code count} records match, in the order the
     * partition keeps them.
     *
     * @throws AssertionError when fewer match within the timeout
     */
    public List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                      int count, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline) && found.size() < count) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("Only " + found.size() + " of " + count + " expected records on " + topic
                    + " within " + timeout + ": " + found);
        }
        return found;
    }

    /** The records with this key from the topic's start up to and including the first whose value is {@code last}. */
    public List<ConsumerRecord<String, String>> awaitUntil(String topic, String key, Predicate<String> last,
                                                           Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                        if (last.test(record.value())) {
                            return found;
                        }
                    }
                }
            }
        }
        throw new AssertionError("No last record for " + key + " on " + topic + " within " + timeout + ": " + found);
    }

    /** The records with this key, once {@code count} of them arrived. */
    public List<ConsumerRecord<String, String>> await(String topic, String key, int count, Duration timeout) {
        return await(topic, record -> key.equals(record.key()), count, timeout);
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        producer.close();
    }
}
