package dev.browseragent.model.secret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Seals and unseals what is stored encrypted: a task's secrets and cookies, a browser profile's state, an account's
 * webhook signing secret. AES-256-GCM through the JDK's {@code javax.crypto}, a fresh 96-bit nonce per value, and the
 * id of the key written in front of each sealed value (and authenticated with it), so the key ring can hold retired
 * keys: new values are sealed with the active key, old ones still open with the key they name.
 * <p>
 * Each value is sealed for the row that stores it ({@link SealedColumn.Row}, authenticated as associated data): a
 * value copied into another row does not open there.
 * <p>
 * Layout: {@code version(1) | key id length(1) | key id (UTF-8) | nonce(12) | ciphertext with 128-bit tag}. Version
 * 2 authenticates the header and the row; version 1, written before values were bound to rows, authenticates the key
 * id only and still opens (in any row), so stored values need no re-sealing.
 * <p>
 * Configuration ({@code browser-agent.encryption.*}, both services): {@code keys} = {@code id:base64key,...} (each
 * key 32 bytes), {@code active-key-id} = the id new values are sealed with.
 */
public final class SecretSealer {

    /** Bound to a row: the associated data is the header and the row's identity. */
    private static final byte VERSION = 2;
    /** Sealed before values were bound to rows: the associated data is the key id alone. */
    private static final byte UNBOUND_VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private SecretSealer(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * The sealer of a configured key ring.
     *
     * @param keyRing     {@code id:base64key,...}; ids are 1 to 64 letters, digits, {@code -} or {@code _}
     * @param activeKeyId the id of the key new values are sealed with; it must be in the ring
     * @throws IllegalArgumentException saying what is wrong with the configuration (never showing a key)
     */
    public static SecretSealer fromConfiguration(String keyRing, String activeKeyId) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : keyRing.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("browser-agent.encryption.keys: each entry is id:base64key, with an"
                        + " id of 1 to 64 letters, digits, '-' or '_'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("browser-agent.encryption.keys: the key '" + id + "' is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("browser-agent.encryption.keys: the key '" + id + "' has "
                        + key.length + " bytes; AES-256 needs " + KEY_BYTES);
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("browser-agent.encryption.keys: the id '" + id + "' appears twice");
            }
        }
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("browser-agent.encryption.active-key-id '" + activeKeyId
                    + "' is not among the ids of browser-agent.encryption.keys " + keys.keySet());
        }
        return new SecretSealer(Map.copyOf(keys), activeKeyId);
    }

    /**
     * The sealer of a service's {@code browser-agent.encryption.*}; empty when no key ring is configured.
     *
     * @throws IllegalArgumentException as {@link #fromConfiguration} does, or when the active key id is missing
     */
    public static Optional<SecretSealer> configured(EncryptionSettings settings) {
        return settings.keys().filter(ring -> !ring.isBlank())
                .map(ring -> fromConfiguration(ring, settings.activeKeyId().orElseThrow(() ->
                        new IllegalArgumentException("browser-agent.encryption.active-key-id is not set"))));
    }

    /** A new random 256-bit key, base64, for a key ring entry. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Seals with the active key, for {@code row}. */
    public byte[] seal(byte[] plaintext, SealedColumn.Row row) {
        byte[] id = activeKeyId.getBytes(StandardCharsets.UTF_8);
        byte[] header = ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, associatedData(header, row),
                plaintext);
        return ByteBuffer.allocate(header.length + NONCE_BYTES + ciphertext.length)
                .put(header).put(nonce).put(ciphertext).array();
    }

    /**
     * Opens a value sealed for {@code row} with the key it names.
     *
     * @throws SealedValueException when the key is not in the ring, the value was altered or sealed for another row
     */
    public byte[] unseal(byte[] sealed, SealedColumn.Row row) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte version = sealed.length < 2 + NONCE_BYTES ? 0 : buffer.get();
        if (version != VERSION && version != UNBOUND_VERSION) {
            throw new SealedValueException("the value is not sealed by this service");
        }
        byte[] id = new byte[buffer.get() & 0xff];
        if (buffer.remaining() < id.length + NONCE_BYTES) {
            throw new SealedValueException("the sealed value is truncated");
        }
        buffer.get(id);
        byte[] header = Arrays.copyOf(sealed, buffer.position());
        String keyId = new String(id, StandardCharsets.UTF_8);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new SealedValueException("the value was sealed with the key '" + keyId
                    + "', which browser-agent.encryption.keys no longer holds");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        return crypt(Cipher.DECRYPT_MODE, key, nonce, version == VERSION ? associatedData(header, row) : id, ciphertext);
    }

    /** Seals a task's secrets (name → value) for {@code row}. */
    public byte[] sealSecrets(Map<String, String> secrets, SealedColumn.Row row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(secrets.size());
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                writeText(out, secret.getKey());
                writeText(out, secret.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seal(bytes.toByteArray(), row);
    }

    /** The secrets sealed by {@link #sealSecrets} for {@code row}, in their order; empty for null. */
    public Map<String, String> unsealSecrets(byte[] sealed, SealedColumn.Row row) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (sealed == null) {
            return secrets;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(unseal(sealed, row)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                secrets.put(readText(in), readText(in));
            }
        } catch (IOException e) {
            throw new SealedValueException("the sealed secrets are malformed");
        }
        return secrets;
    }

    /** Seals text (a profile's browser state, cookies, a webhook secret) for {@code row}. */
    public byte[] sealText(String text, SealedColumn.Row row) {
        return seal(text.getBytes(StandardCharsets.UTF_8), row);
    }

    /** Opens text sealed by {@link #sealText} for {@code row}. */
    public String unsealText(byte[] sealed, SealedColumn.Row row) {
        return new String(unseal(sealed, row), StandardCharsets.UTF_8);
    }

    /** The header (version and key id, so neither can be swapped) and the row the value belongs to. */
    private static byte[] associatedData(byte[] header, SealedColumn.Row row) {
        byte[] identity = row.associatedData();
        return ByteBuffer.allocate(header.length + identity.length).put(header).put(identity).array();
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, byte[] associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("the sealed value was altered, sealed for another row, or sealed with another key of the same id");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
        }
    }

    /** A sealed value that cannot be opened: unknown key, altered or malformed. */
    public static final class SealedValueException extends RuntimeException {
        public SealedValueException(String message) {
            super(message);
        }
    }
}
