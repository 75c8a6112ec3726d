package dev.browseragent.worker.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {

    private final Secrets secrets = new Secrets(Map.of("password", "hunter2", "pin", "hunter"));

    @Test
    void revealsOnlyKnownPlaceholders() {
        assertEquals("hunter2 and <secret>other</secret>",
                secrets.reveal("<secret>password</secret> and <secret>other</secret>"));
        assertEquals("hunter", secrets.reveal("<secret> pin </secret>"));
    }

    @Test
    void redactsEveryValueTheLongestFirst() {
        assertEquals("typed <secret>password</secret>, then <secret>pin</secret>",
                secrets.redact("typed hunter2, then hunter"));
    }

    @Test
    void listsTheNamesNeverTheValues() {
        assertEquals(List.of("password", "pin"), secrets.names());
    }
}
