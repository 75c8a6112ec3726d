package dev.browseragent.api.auth;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guessing keys: an address that presents more unknown keys in a minute than the limit (60 by default) is refused
 * before any lookup, a valid key included, while other addresses go on. Each test sends from a loopback address of
 * its own (Linux routes all of 127.0.0.0/8 to this machine), so no other test shares its count.
 */
@QuarkusTest
class FailedAuthenticationTest {

    private static final int LIMIT = 60;

    @Test
    void anAddressThatGuessesTooManyKeysIsRefusedForTheRestOfTheMinute() throws IOException {
        InetAddress guesser = InetAddress.getByName("127.0.0.7");
        for (int i = 0; i < LIMIT; i++) {
            assertTrue(get(guesser, "bu_" + UUID.randomUUID()).startsWith("HTTP/1.1 401"), "guess " + (i + 1));
        }

        String refused = get(guesser, "bu_" + UUID.randomUUID());
        assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
        assertTrue(refused.contains("Too many requests with an invalid API key from this address"), refused);
        assertTrue(refused.toLowerCase().contains("retry-after:"), refused);

        TestAccount account = TestAccounts.create();
        assertTrue(get(guesser, account.key()).startsWith("HTTP/1.1 429"), "a valid key from the blocked address");
        assertTrue(get(InetAddress.getByName("127.0.0.8"), account.key()).startsWith("HTTP/1.1 200"),
                "another address is not blocked");
        account.request().when().get("/api/v1/tasks").then().statusCode(200);
    }

    @Test
    void failuresBelowTheLimitBlockNothing() throws IOException {
        InetAddress client = InetAddress.getByName("127.0.0.9");
        for (int i = 0; i < LIMIT - 1; i++) {
            get(client, "bu_" + UUID.randomUUID());
        }
        assertEquals("HTTP/1.1 200 OK", get(client, TestAccounts.create().key()).lines().findFirst().orElseThrow());
    }

    /** {@code GET /api/v1/tasks} with this key, sent from {@code from}; the whole answer as text. */
    private static String get(InetAddress from, String key) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port, from, 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
