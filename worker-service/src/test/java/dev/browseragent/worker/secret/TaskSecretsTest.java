package dev.browseragent.worker.secret;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskSecretsTest {

    private static TaskSecrets secrets(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return TaskSecrets.of(values);
    }

    @Test
    void placeholdersAreRevealedOnlyForKnownNames() {
        TaskSecrets secrets = secrets("user", "ada", "password", "s3cr$t\\1");

        assertEquals("ada / s3cr$t\\1 / <secret>other</secret>",
                secrets.reveal("<secret>user</secret> / <secret>password</secret> / <secret>other</secret>"));
    }

    @Test
    void overlappingValuesAreRedactedWholeLongestFirst() {
        TaskSecrets secrets = secrets("short", "pass", "long", "password123");

        assertEquals("<secret>long</secret> and <secret>short</secret>", secrets.redact("password123 and pass"));
    }

    @Test
    void valuesInsideJsonAndUrlsAreRedacted() {
        TaskSecrets secrets = secrets("pw", "a\"b c&d");

        assertEquals("{\"text\":\"<secret>pw</secret>\"}", secrets.redact("{\"text\":\"a\\\"b c&d\"}"));
        assertEquals("/result?q=<secret>pw</secret>", secrets.redact("/result?q=a%22b+c%26d"));
        assertEquals("/p/<secret>pw</secret>", secrets.redact("/p/a%22b%20c%26d"));
    }

    @Test
    void shortValuesAndAValueThatLooksLikeThePlaceholderAreStillRedacted() {
        TaskSecrets secrets = secrets("pin", "42", "word", "secret");

        assertEquals("code <secret>pin</secret>, <secret>word</secret>", secrets.redact("code 42, secret"));
        assertEquals("no secrets here", TaskSecrets.NONE.redact("no secrets here"));
    }
}
