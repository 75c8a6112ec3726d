package dev.browseragent.model.secret;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSealerTest {

    private static final String OLD_KEY = SecretSealer.generateKey();
    private static final String NEW_KEY = SecretSealer.generateKey();

    @Test
    void secretsRoundTripAndTheCiphertextShowsNoValue() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k1:" + OLD_KEY, "k1");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("password", "hunter2-très-secret");
        secrets.put("empty", "");

        byte[] sealed = sealer.sealSecrets(secrets);

        assertEquals(secrets, sealer.unsealSecrets(sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1),
                new String(sealer.sealSecrets(secrets), StandardCharsets.ISO_8859_1), "a fresh nonce each time");
    }

    @Test
    void afterRotationOldValuesOpenAndNewOnesUseTheActiveKey() {
        SecretSealer before = SecretSealer.fromConfiguration("old:" + OLD_KEY, "old");
        byte[] sealedBefore = before.sealText("cookie jar").orElseThrow();
        SecretSealer rotated = SecretSealer.fromConfiguration("old:" + OLD_KEY + ", new:" + NEW_KEY, "new");

        byte[] sealedAfter = rotated.sealText("fresh").orElseThrow();

        assertEquals("cookie jar", rotated.unsealText(sealedBefore));
        assertEquals("fresh", rotated.unsealText(sealedAfter));
        SecretSealer.SealedValueException retired = assertThrows(SecretSealer.SealedValueException.class,
                () -> before.unsealText(sealedAfter));
        assertTrue(retired.getMessage().contains("'new'"), retired.getMessage());
    }

    @Test
    void anAlteredValueOrAnotherKeyUnderTheSameIdIsRefused() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k:" + OLD_KEY, "k");
        byte[] sealed = sealer.seal("value".getBytes(StandardCharsets.UTF_8));
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThrows(SecretSealer.SealedValueException.class, () -> sealer.unseal(altered));
        assertThrows(SecretSealer.SealedValueException.class,
                () -> SecretSealer.fromConfiguration("k:" + NEW_KEY, "k").unseal(sealed));
        assertArrayEquals("value".getBytes(StandardCharsets.UTF_8), sealer.unseal(sealed));
    }

    @Test
    void aBadConfigurationSaysWhatIsWrongWithoutShowingTheKey() {
        String shortKey = "c2hvcnQ=";
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> SecretSealer.fromConfiguration("k:" + shortKey, "k"));
        assertTrue(tooShort.getMessage().contains("AES-256 needs 32"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains(shortKey));
        assertThrows(IllegalArgumentException.class, () -> SecretSealer.fromConfiguration("k:" + OLD_KEY, "other"));
        assertThrows(IllegalArgumentException.class, () -> SecretSealer.fromConfiguration(OLD_KEY, "k"));
        assertThrows(IllegalArgumentException.class,
                () -> SecretSealer.fromConfiguration("k:" + OLD_KEY + ",k:" + NEW_KEY, "k"));
    }
}
