package dev.browseragent.api.secret;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The key ring secrets are sealed with. Env: {@code BROWSER_AGENT_ENCRYPTION_*}. */
@ConfigMapping(prefix = "browser-agent.encryption")
public interface EncryptionConfig {

    /**
     * {@code id:base64key,...} (32-byte AES keys), the same ring the workers have. No default: without it, tasks
     * with secrets are refused.
     */
    Optional<String> keys();

    /** The id of the key new values are sealed with; required with {@link #keys()}. */
    Optional<String> activeKeyId();
}
