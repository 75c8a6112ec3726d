package dev.browseragent.model.settings;

/** The Kafka brokers both services use, from {@code browser-agent.kafka.*} (env {@code BROWSER_AGENT_KAFKA_*}). */
public interface KafkaSettings {

    /** Comma-separated {@code host:port} list. */
    String bootstrapServers();
}
