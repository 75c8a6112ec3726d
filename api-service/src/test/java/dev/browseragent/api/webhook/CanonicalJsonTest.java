package dev.browseragent.api.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The signed body is what v1 receivers recompute: the expected strings and signature below are what Python's
 * {@code json.dumps(body, sort_keys=True, separators=(",", ":"))} and {@code hmac.new(...).hexdigest()} give.
 */
class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keysAreSortedRecursivelyWithoutWhitespaceAndNonAsciiEscapedAsPythonDoes() throws Exception {
        String body = "{\"type\": \"t\", \"payload\": {\"z\": \"é\\\"\\\\\\n\", \"a\": [1, null, true],"
                + " \"m\": {\"b\": \"☃\", \"a\": \"\uD83D\uDE00\u007f\"}}}";

        assertEquals("{\"payload\":{\"a\":[1,null,true],\"m\":{\"a\":\"\\ud83d\\ude00\\u007f\",\"b\":\"\\u2603\"},"
                + "\"z\":\"\\u00e9\\\"\\\\\\n\"},\"type\":\"t\"}", CanonicalJson.write(JSON.readTree(body)));
    }

    @Test
    void theSignatureIsTheHexHmacOfTimestampDotBody() {
        String body = WebhookBodies.test(Instant.parse("2026-11-29T17:00:00Z"));

        assertEquals("{\"payload\":{\"test\":\"ok\"},\"timestamp\":\"2026-11-29T17:00:00.000000+00:00\",\"type\":\"test\"}", body);
        assertEquals("2a9fb92cc5fe98d4ac88380c4ed98ce20861a510804d36381d168b28ec517f1e",
                WebhookSignature.sign("whsec_abc", 1795971600L, body));
    }

    @Test
    void aStatusUpdateCarriesTheV1Payload() throws Exception {
        UUID task = UUID.fromString("6f1c2b9e-0000-4000-8000-000000000001");
        String body = WebhookBodies.statusUpdate(task, "started", Instant.parse("2026-11-29T17:00:00.5Z"),
                JSON.readTree("{\"order\": \"42\"}"));

        assertEquals("{\"payload\":{\"metadata\":{\"order\":\"42\"},\"session_id\":\"" + task + "\",\"status\":\"started\","
                + "\"task_id\":\"" + task + "\"},\"timestamp\":\"2026-11-29T17:00:00.500000+00:00\","
                + "\"type\":\"agent.task.status_update\"}", body);
    }
}
