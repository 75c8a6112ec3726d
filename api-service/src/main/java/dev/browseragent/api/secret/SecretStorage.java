package dev.browseragent.api.secret;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.model.secret.SealedColumn;
import dev.browseragent.model.secret.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API's key ring: seals a task's {@code secrets} for {@code tasks.secrets} (the clear values exist only in the
 * request and, later, in the worker running the task), seals and opens webhook signing secrets, opens the cookies a
 * task saved. Each value is sealed for its row ({@link SealedColumn}).
 */
@ApplicationScoped
public class SecretStorage {

    private final Optional<SecretSealer> sealer;

    public SecretStorage(ApiConfig apiConfig) {
        this.sealer = SecretSealer.configured(apiConfig.encryption());
    }

    /** The task's secrets sealed for its row, or null when it has none. */
    public byte[] sealSecrets(UUID taskId, Map<String, String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            return null;
        }
        return sealer().sealSecrets(secrets, SealedColumn.TASK_SECRETS.row(taskId));
    }

    public byte[] seal(SealedColumn.Row row, String text) {
        return sealer().sealText(text, row);
    }

    /** @throws SecretSealer.SealedValueException when the value cannot be opened (a retired key, another row) */
    public String open(SealedColumn.Row row, byte[] sealed) {
        return sealer().unsealText(sealed, row);
    }

    /** Whether a key ring is configured: without one nothing can be sealed or opened. */
    public boolean configured() {
        return sealer.isPresent();
    }

    private SecretSealer sealer() {
        return sealer.orElseThrow(() -> new ApiException(503,
                "This server cannot store secrets: browser-agent.encryption.keys is not configured"));
    }
}
