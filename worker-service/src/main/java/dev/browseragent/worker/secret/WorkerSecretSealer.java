package dev.browseragent.worker.secret;

import dev.browseragent.model.secret.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** The worker's key ring: opens tasks' secrets, seals and opens browser profiles' state. */
@ApplicationScoped
public class WorkerSecretSealer {

    private final Optional<SecretSealer> sealer;

    /**
     * @param keys        {@code browser-agent.encryption.keys} ({@code BROWSER_AGENT_ENCRYPTION_KEYS}): the API's ring
     * @param activeKeyId {@code browser-agent.encryption.active-key-id}
     */
    public WorkerSecretSealer(@ConfigProperty(name = "browser-agent.encryption.keys") Optional<String> keys,
                              @ConfigProperty(name = "browser-agent.encryption.active-key-id") Optional<String> activeKeyId) {
        this.sealer = keys.filter(ring -> !ring.isBlank())
                .map(ring -> SecretSealer.fromConfiguration(ring, activeKeyId.orElseThrow(() ->
                        new IllegalArgumentException("browser-agent.encryption.active-key-id is not set"))));
    }

    /**
     * @throws IllegalStateException when no key ring is configured, saying so
     */
    public SecretSealer sealer() {
        return sealer.orElseThrow(() -> new IllegalStateException(
                "this worker has no browser-agent.encryption.keys, so it cannot open secrets or browser profiles"));
    }
}
