package dev.browseragent.model.secret;

import java.util.Optional;

/**
 * The key ring task secrets, browser profiles and cookies are sealed with, as both services read it from
 * {@code browser-agent.encryption.*} (env {@code BROWSER_AGENT_ENCRYPTION_*}); both need the same ring. A group of
 * each service's root configuration mapping.
 */
public interface EncryptionSettings {

    /**
     * {@code id:base64key,...} (32-byte AES keys). No default: without it the API refuses tasks with secrets and the
     * worker neither opens secrets nor restores persisted profiles.
     */
    Optional<String> keys();

    /** The id of the key new values are sealed with; required with {@link #keys()}. */
    Optional<String> activeKeyId();
}
