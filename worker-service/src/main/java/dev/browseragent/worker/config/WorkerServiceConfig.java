package dev.browseragent.worker.config;

import dev.browseragent.model.secret.EncryptionSettings;
import dev.browseragent.model.settings.DatabaseSettings;
import dev.browseragent.model.settings.ManagementSettings;
import io.smallrye.config.ConfigMapping;

/**
 * The worker-service's settings, every key under {@code browser-agent} once, in one group per concern; environment
 * variables use the {@code BROWSER_AGENT_} form of each key. {@link ConfigGroups} hands each group to the beans that
 * need it.
 */
@ConfigMapping(prefix = "browser-agent")
public interface WorkerServiceConfig {

    /** {@code browser-agent.worker.*}: slots, leases, the reaper, shutdown. */
    WorkerConfig worker();

    /** {@code browser-agent.kafka.*}: the broker, the consumer group, the topics the worker creates. */
    KafkaConfig kafka();

    /** {@code browser-agent.browser.*}: Chromium, the pool, the Grid. */
    BrowserConfig browser();

    /** {@code browser-agent.agent.*}: the agent loop's limits. */
    AgentConfig agent();

    /** {@code browser-agent.search.*}: the search engine. */
    SearchConfig search();

    /** {@code browser-agent.limits.*}: what one task's pages may make the worker hold (downloads, extract). */
    PageLimitsConfig limits();

    /** {@code browser-agent.llm.*}: the model providers. */
    LlmConfig llm();

    /** {@code browser-agent.network.*}: the per-session filtering proxy. */
    NetworkConfig network();

    /** {@code browser-agent.proxy.*}: upstream proxies by country. */
    ProxyConfig proxy();

    /** {@code browser-agent.storage.*}: where file bytes and images live (the same settings as the API's). */
    StorageConfig storage();

    /** {@code browser-agent.encryption.*}: the key ring (the same as the API's). */
    EncryptionSettings encryption();

    /** {@code browser-agent.database.*}: the PostgreSQL server (the same as the API's). */
    DatabaseSettings database();

    /**
     * {@code browser-agent.management.*}: where the health and metrics endpoints listen, the worker's only HTTP
     * server.
     */
    ManagementSettings management();

    /** {@code browser-agent.live.*}: the live view's server. */
    LiveConfig live();

    /** {@code browser-agent.recording.*}: the videos of the runs' browser sessions. */
    RecordingConfig recording();

    /** {@code browser-agent.tracing.*}: OpenTelemetry spans. */
    Tracing tracing();

    /** Defaults in {@code application.properties}, which maps them onto Quarkus's OpenTelemetry keys. */
    interface Tracing {

        /** No spans are exported while true (the default). */
        boolean disabled();

        /** The OTLP (gRPC) collector spans go to. */
        String otlpEndpoint();
    }
}
