package dev.browseragent.worker.secret;

import dev.browseragent.model.secret.EncryptionSettings;
import dev.browseragent.model.secret.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The worker's key ring: opens tasks' secrets, seals and opens browser profiles' state, seals saved cookies. */
@ApplicationScoped
public class WorkerSecretSealer {

    private final Optional<SecretSealer> sealer;

    public WorkerSecretSealer(EncryptionSettings config) {
        this.sealer = SecretSealer.configured(config);
    }

    /**
     * @throws IllegalStateException when no key ring is configured, saying so
     */
    public SecretSealer sealer() {
        return sealer.orElseThrow(() -> new IllegalStateException(
                "this worker has no browser-agent.encryption.keys, so it cannot open secrets or browser profiles,"
                        + " nor save cookies"));
    }
}
