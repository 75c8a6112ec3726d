package dev.browseragent.worker.config;

import dev.browseragent.model.settings.KafkaSettings;
import io.smallrye.config.WithDefault;

/** Where dispatches come from: the brokers, and what the worker asks of them. Env: {@code BROWSER_AGENT_KAFKA_*}. */
public interface KafkaConfig extends KafkaSettings {

    /** The consumer group all workers share, so each dispatch goes to one of them. */
    @WithDefault("browser-agent-workers")
    String consumerGroup();

    /**
     * Partitions of the {@code tasks} topic when a worker creates it (at most this many workers take dispatches at
     * once); an existing topic keeps its own.
     */
    @WithDefault("12")
    int tasksPartitions();

    /** Partitions of the {@code task-events} topic when a worker creates it. */
    @WithDefault("12")
    int taskEventsPartitions();

    /** Replicas of each topic a worker creates. */
    @WithDefault("1")
    short replicationFactor();
}
