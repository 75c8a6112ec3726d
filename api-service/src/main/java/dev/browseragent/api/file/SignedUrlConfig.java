package dev.browseragent.api.file;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The URLs this service hands out for files, screenshots and uploads. */
@ConfigMapping(prefix = "browser-agent")
public interface SignedUrlConfig {

    /**
     * The address clients reach this service at; every handed-out URL starts with it. Env:
     * {@code BROWSER_AGENT_PUBLIC_BASE_URL}.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    /**
     * The HMAC-SHA256 key that signs handed-out URLs. Unset: a random key per start, so URLs do not survive a
     * restart and replicas refuse each other's; set it (the same on every replica) in production. Env:
     * {@code BROWSER_AGENT_URL_SIGNING_KEY}.
     */
    Optional<String> urlSigningKey();

    /** How long a handed-out URL works. Env: {@code BROWSER_AGENT_SIGNED_URL_TTL}. */
    @WithDefault("1h")
    Duration signedUrlTtl();
}
