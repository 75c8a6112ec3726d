package dev.browseragent.local;

import dev.browseragent.model.secret.SecretSealer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The key ring both services seal secrets and browser profiles with ({@code BROWSER_AGENT_ENCRYPTION_KEYS},
 * {@code BROWSER_AGENT_ENCRYPTION_ACTIVE_KEY_ID}): the configured one, else the one kept in the state directory,
 * else a new key generated once and kept there (owner-readable only), so sealed values open after a restart.
 */
final class EncryptionKeyRing {

    static final String FILE_NAME = "encryption-keys";
    static final String KEYS_VARIABLE = "BROWSER_AGENT_ENCRYPTION_KEYS";
    static final String ACTIVE_KEY_VARIABLE = "BROWSER_AGENT_ENCRYPTION_ACTIVE_KEY_ID";
    private static final String GENERATED_KEY_ID = "local-1";

    private EncryptionKeyRing() {
    }

    /** Adds the key ring to the services' environment unless it is configured there already. */
    static void addTo(Map<String, String> environment, Path stateDirectory) {
        if (environment.containsKey(KEYS_VARIABLE)) {
            return;
        }
        environment.put(KEYS_VARIABLE, GENERATED_KEY_ID + ":" + keptKey(stateDirectory));
        environment.put(ACTIVE_KEY_VARIABLE, GENERATED_KEY_ID);
    }

    private static String keptKey(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String key = SecretSealer.generateKey();
            Files.createDirectories(stateDirectory);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the encryption key file " + file, e);
        }
    }
}
