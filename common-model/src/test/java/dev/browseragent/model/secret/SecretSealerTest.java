package dev.browseragent.model.secret;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSealerTest {

    private static final String OLD_KEY = SecretSealer.generateKey();
    private static final String NEW_KEY = SecretSealer.generateKey();
    private static final SealedColumn.Row TASK = SealedColumn.TASK_SECRETS.row(UUID.randomUUID());
    private static final SealedColumn.Row PROFILE = SealedColumn.PROFILE_BROWSER_STATE.row(UUID.randomUUID());
    /** The key, and values sealed with it, by the sealer before values were bound to rows (version 1). */
    private static final String UNBOUND_KEY_RING = "v1:GeZKyDAAbL2GPu6PYD2kipOE7wZgiFedgttsh/pbuQc=";
    private static final String UNBOUND_TEXT = "AQJ2MZdEtpRlMq76fnaEe2VqlIgqqMRKgYPtn7TuquZHXEjzCUtIwQdb";
    private static final String UNBOUND_SECRETS =
            "AQJ2MYw72vBcrBR2TB5JFhEde0WMP92ovJA/8gicrhl4Whzsl7nkz4lpVbFGZ/nkJmf0HTBAgYK38qQ=";

    @Test
    void secretsRoundTripAndTheCiphertextShowsNoValue() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k1:" + OLD_KEY, "k1");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("password", "hunter2-très-secret");
        secrets.put("empty", "");

        byte[] sealed = sealer.sealSecrets(secrets, TASK);

        assertEquals(secrets, sealer.unsealSecrets(sealed, TASK));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1),
                new String(sealer.sealSecrets(secrets, TASK), StandardCharsets.ISO_8859_1), "a fresh nonce each time");
    }

    @Test
    void afterRotationOldValuesOpenAndNewOnesUseTheActiveKey() {
        SecretSealer before = SecretSealer.fromConfiguration("old:" + OLD_KEY, "old");
        byte[] sealedBefore = before.sealText("cookie jar", PROFILE);
        SecretSealer rotated = SecretSealer.fromConfiguration("old:" + OLD_KEY + ", new:" + NEW_KEY, "new");

        byte[] sealedAfter = rotated.sealText("fresh", PROFILE);

        assertEquals("cookie jar", rotated.unsealText(sealedBefore, PROFILE));
        assertEquals("fresh", rotated.unsealText(sealedAfter, PROFILE));
        SecretSealer.SealedValueException retired = assertThrows(SecretSealer.SealedValueException.class,
                () -> before.unsealText(sealedAfter, PROFILE));
        assertTrue(retired.getMessage().contains("'new'"), retired.getMessage());
    }

    @Test
    void anAlteredValueOrAnotherKeyUnderTheSameIdIsRefused() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k:" + OLD_KEY, "k");
        byte[] sealed = sealer.seal("value".getBytes(StandardCharsets.UTF_8), TASK);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThrows(SecretSealer.SealedValueException.class, () -> sealer.unseal(altered, TASK));
        assertThrows(SecretSealer.SealedValueException.class,
                () -> SecretSealer.fromConfiguration("k:" + NEW_KEY, "k").unseal(sealed, TASK));
        assertArrayEquals("value".getBytes(StandardCharsets.UTF_8), sealer.unseal(sealed, TASK));
    }

    @Test
    void aValueCopiedIntoAnotherRowOrColumnDoesNotOpenThere() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k:" + OLD_KEY, "k");
        UUID taskId = UUID.randomUUID();
        byte[] sealed = sealer.sealText("sid=1", SealedColumn.TASK_BROWSER_DATA.row(taskId));

        SecretSealer.SealedValueException otherRow = assertThrows(SecretSealer.SealedValueException.class,
                () -> sealer.unsealText(sealed, SealedColumn.TASK_BROWSER_DATA.row(UUID.randomUUID())));
        assertTrue(otherRow.getMessage().contains("another row"), otherRow.getMessage());
        assertThrows(SecretSealer.SealedValueException.class,
                () -> sealer.unsealText(sealed, SealedColumn.TASK_SECRETS.row(taskId)));
        assertEquals("sid=1", sealer.unsealText(sealed, SealedColumn.TASK_BROWSER_DATA.row(taskId)));
    }

    @Test
    void valuesSealedBeforeRowBindingStillOpenAfterARotationAndNewOnesAreBound() {
        SecretSealer sealer = SecretSealer.fromConfiguration(UNBOUND_KEY_RING + ",new:" + NEW_KEY, "new");

        assertEquals("cookie jar", sealer.unsealText(Base64.getDecoder().decode(UNBOUND_TEXT), PROFILE));
        assertEquals(Map.of("password", "hunter2"),
                sealer.unsealSecrets(Base64.getDecoder().decode(UNBOUND_SECRETS), TASK));
        byte[] resealed = sealer.sealText("cookie jar", PROFILE);
        assertEquals(2, resealed[0], "new values are written in the bound format");
        assertThrows(SecretSealer.SealedValueException.class, () -> sealer.unsealText(resealed, TASK));
    }

    @Test
    void aBoundValueRelabelledAsUnboundIsRefused() {
        SecretSealer sealer = SecretSealer.fromConfiguration("k:" + OLD_KEY, "k");
        byte[] downgraded = sealer.sealText("value", TASK);
        downgraded[0] = 1;

        assertThrows(SecretSealer.SealedValueException.class, () -> sealer.unsealText(downgraded, TASK));
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
