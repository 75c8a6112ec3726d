package dev.browseragent.api.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service-wide settings the webhooks obey. */
@ConfigMapping(prefix = "browser-agent")
public interface AccessConfig {

    /**
     * Let webhooks (and, in the worker, the browser) reach loopback and private addresses, as local development and
     * tests need. Env {@code BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS}. Default {@code false}.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();
}
