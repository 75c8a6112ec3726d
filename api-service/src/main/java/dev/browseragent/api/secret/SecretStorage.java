package dev.browseragent.api.secret;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.model.secret.EncryptionSettings;
import dev.browseragent.model.secret.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;

/**
 * Seals a task's {@code secrets} for {@code tasks.secrets}; the clear values exist only in the request and, later,
 * in the worker running the task.
 */
@ApplicationScoped
public class SecretStorage {

    private final Optional<SecretSealer> sealer;

    public SecretStorage(ApiConfig apiConfig) {
        EncryptionSettings config = apiConfig.encryption();
        this.sealer = config.keys().filter(ring -> !ring.isBlank())
                .map(ring -> SecretSealer.fromConfiguration(ring, config.activeKeyId().orElseThrow(() ->
                        new IllegalArgumentException("browser-agent.encryption.active-key-id is not set"))));
    }

    /** The sealed secrets, or null when the task has none. */
    public byte[] seal(Map<String, String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            return null;
        }
        return sealer.orElseThrow(() -> new ApiException(503,
                        "This server cannot store secrets: browser-agent.encryption.keys is not configured"))
                .sealSecrets(secrets);
    }
}
