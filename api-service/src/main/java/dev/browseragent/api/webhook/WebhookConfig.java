package dev.browseragent.api.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Webhook delivery; environment variables use the {@code BROWSER_AGENT_WEBHOOKS_} form of each key. */
@ConfigMapping(prefix = "browser-agent.webhooks")
public interface WebhookConfig {

    /** How long one POST may take, connection included, before it counts as failed. Default 10 seconds. */
    @WithDefault("10s")
    Duration timeout();

    /** Retries after a failed first attempt (non-2xx answer, timeout, refused connection). Default 5, as in v1. */
    @WithDefault("5")
    int maxRetries();

    /** The wait before the first retry; each further retry waits twice as long. Default 1 second. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Deliveries one account may have in flight at once (each task's own deliveries are always sent one at a
     * time, in order). Bounds what a slow endpoint can hold; other accounts never wait for it. Default 4.
     */
    @WithDefault("4")
    int maxInFlightPerAccount();

    /** How long delivered and given-up deliveries stay visible before they are deleted. Default 7 days. */
    @WithDefault("7d")
    Duration retention();

    /** How often due deliveries (retries) are looked for, besides right after each new event. Default 1 second. */
    @WithDefault("1s")
    Duration pollInterval();
}
