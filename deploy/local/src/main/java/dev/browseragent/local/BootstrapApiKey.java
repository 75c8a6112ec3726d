package dev.browseragent.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The API key the API accepts from its first start, so a fresh install can be used at once. */
final class BootstrapApiKey {

    static final String FILE_NAME = "bootstrap-api-key";

    private static final SecureRandom RANDOM = new SecureRandom();

    private BootstrapApiKey() {
    }

    /**
     * Returns the configured key, else the one kept in the state directory, else a new one, which is then kept
     * there (readable by the owner only) so that the next start prints the same key.
     */
    static String resolve(String configuredKey, Path stateDirectory) {
        if (configuredKey != null) {
            return configuredKey;
        }
        Path file = stateDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String key = generate();
            Files.createDirectories(stateDirectory);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the API key file " + file, e);
        }
    }

    /** {@code bu_} and 32 URL-safe random characters (24 random bytes). */
    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "bu_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
