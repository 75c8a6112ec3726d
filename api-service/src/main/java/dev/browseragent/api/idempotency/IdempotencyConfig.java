package dev.browseragent.api.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Requests that create at most one task: {@code Idempotency-Key} on run-task, and task-submissions request ids. */
@ConfigMapping(prefix = "browser-agent.idempotency")
public interface IdempotencyConfig {

    /**
     * How long an Idempotency-Key or a submission's request id is remembered: the same key within this window gives
     * the same task, after it a new one. Env {@code BROWSER_AGENT_IDEMPOTENCY_RETENTION}. Default 24 hours.
     */
    @WithDefault("24h")
    Duration retention();

    /**
     * How often expired keys (and webhook deliveries past {@code browser-agent.webhooks.retention}) are deleted.
     * Default every 10 minutes.
     */
    @WithDefault("10m")
    Duration cleanupInterval();
}
