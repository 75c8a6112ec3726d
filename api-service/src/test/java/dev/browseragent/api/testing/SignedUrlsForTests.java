package dev.browseragent.api.testing;

import io.restassured.RestAssured;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Handed-out URLs name the configured public base URL; tests reach the same paths on the test port. */
public final class SignedUrlsForTests {

    /** The test profile's {@code browser-agent.url-signing-key}. */
    public static final String SIGNING_KEY = "test-url-signing-key";
    private static final String PUBLIC_BASE_URL = "http://127.0.0.1:8080";

    private SignedUrlsForTests() {
    }

    /** The handed-out URL, pointed at the running test application. */
    public static String local(String handedOut) {
        if (!handedOut.startsWith(PUBLIC_BASE_URL + "/")) {
            throw new AssertionError("Not a URL of this service: " + handedOut);
        }
        return "http://127.0.0.1:" + RestAssured.port + handedOut.substring(PUBLIC_BASE_URL.length());
    }

    /** A signature made as an outsider who knows the key would make it, e.g. for an already expired URL. */
    public static String sign(String method, String path, long expires, String contentType) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signed = method + "\n" + path + "\n" + expires + "\n" + (contentType == null ? "" : contentType);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
