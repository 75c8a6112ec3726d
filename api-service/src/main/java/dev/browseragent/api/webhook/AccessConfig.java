package dev.browseragent.api.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Service-wide settings the webhooks obey. */
@ConfigMapping(prefix = "browser-agent")
public interface AccessConfig {

    /**
     * The admin API's bearer token. Env {@code BROWSER_AGENT_ADMIN_TOKEN}. No default: the admin API answers 403
     * until one is set.
     */
    Optional<String> adminToken();

    /**
     * Let webhooks (and, in the worker, the browser) reach loopback and private addresses, as local development and
     * tests need. Env {@code BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS}. Default {@code false}.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();
}
