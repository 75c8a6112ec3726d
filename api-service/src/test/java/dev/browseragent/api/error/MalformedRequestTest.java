package dev.browseragent.api.error;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of malformed request, thrown at every endpoint with a body: each gets a JSON 4xx with a
 * {@code detail}, never a 5xx.
 */
@QuarkusTest
class MalformedRequestTest {

    /** Over the default limit of browser-agent.http.max-body-bytes (1 MiB). */
    private static final int TOO_LARGE = 1_048_577;

    private record Endpoint(String method, String path, Supplier<RequestSpecification> auth) {
    }

    private record Malformed(String contentType, byte[] body, int expectedStatus) {
        static Malformed json(String text, int expectedStatus) {
            return new Malformed("application/json", text.getBytes(StandardCharsets.UTF_8), expectedStatus);
        }
    }

    private static Map<String, Malformed> malformedClasses() {
        Map<String, Malformed> classes = new LinkedHashMap<>();
        classes.put("trailing garbage", Malformed.json("{\"task\": \"t\"} trailing", 422));
        classes.put("two documents", Malformed.json("{\"task\": \"t\"}{\"task\": \"u\"}", 422));
        classes.put("duplicate field", Malformed.json("{\"task\": \"t\", \"task\": \"u\"}", 422));
        classes.put("truncated", Malformed.json("{\"task\": \"t\"", 422));
        classes.put("invalid UTF-8", new Malformed("application/json",
                new byte[]{'{', '"', 't', 'a', 's', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 422));
        classes.put("lone UTF-8 continuation byte", new Malformed("application/json",
                new byte[]{'{', '"', 't', 'a', 's', 'k', '"', ':', '"', (byte) 0x80, '"', '}'}, 422));
        classes.put("absurd nesting", Malformed.json("[".repeat(100_000) + "]".repeat(100_000), 422));
        classes.put("nesting in a field", Malformed.json("{\"metadata\": " + "{\"a\": ".repeat(5_000) + "1"
                + "}".repeat(5_000) + "}", 422));
        classes.put("huge number", Malformed.json("{\"max_agent_steps\": 1" + "0".repeat(5_000) + "}", 422));
        classes.put("NUL in a string", Malformed.json("{\"task\": \"\\u0000\", \"name\": \"\\u0000\"}", 422));
        classes.put("not an object", Malformed.json("[]", 422));
        classes.put("bare null", Malformed.json("null", 422));
        classes.put("empty", Malformed.json("", 422));
        classes.put("wrong content type", new Malformed("text/plain", "{\"task\": \"t\"}".getBytes(StandardCharsets.UTF_8), 415));
        classes.put("XML content type", new Malformed("application/xml",
                "<task>t</task>".getBytes(StandardCharsets.UTF_8), 415));
        classes.put("too large", Malformed.json("{\"task\": \"" + "x".repeat(TOO_LARGE) + "\"}", 413));
        return classes;
    }

    @Test
    void noMalformedRequestGetsA5xxOrANonJsonAnswer() {
        TestAccount account = TestAccounts.create();
        Supplier<RequestSpecification> user = account::request;
        Supplier<RequestSpecification> admin = TestAccounts::admin;
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/v1/run-task", user),
                new Endpoint("POST", "/api/v1/simple-search", user),
                new Endpoint("POST", "/api/v1/search-url", user),
                new Endpoint("POST", "/admin/accounts", admin),
                new Endpoint("PATCH", "/admin/accounts/" + account.id(), admin),
                new Endpoint("POST", "/admin/accounts/" + account.id() + "/credits", admin));

        List<Runnable> checks = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, Malformed> malformed : malformedClasses().entrySet()) {
                Response response = endpoint.auth().get()
                        .contentType(malformed.getValue().contentType())
                        .body(malformed.getValue().body())
                        .request(endpoint.method(), endpoint.path());
                String what = endpoint.method() + " " + endpoint.path() + " with " + malformed.getKey();
                checks.add(() -> {
                    assertEquals(malformed.getValue().expectedStatus(), response.statusCode(), what + ": " + response.asString());
                    assertTrue(response.contentType().startsWith("application/json"), what + ": " + response.contentType());
                    assertNotNull(response.jsonPath().get("detail"), what);
                    Object detail = response.jsonPath().get("detail");
                    if (detail instanceof List<?> list) {
                        assertFalse(list.isEmpty(), what + ": empty detail");
                    }
                });
            }
        }
        assertAll(checks.stream().map(check -> check::run));
    }

    /** Bytes that are not UTF-8, inside the value of {@code task}: each is refused, naming where it starts. */
    @Test
    void aBodyThatIsNotUtf8IsA422NamingTheByte() {
        Map<String, byte[]> badBytes = new LinkedHashMap<>();
        badBytes.put("an overlong '/'", new byte[]{(byte) 0xC0, (byte) 0xAF});
        badBytes.put("an overlong three-byte form", new byte[]{(byte) 0xE0, (byte) 0x80, (byte) 0xAF});
        badBytes.put("an encoded lone surrogate", new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        badBytes.put("a sequence cut short", new byte[]{(byte) 0xE2, (byte) 0x82});
        badBytes.put("a stray continuation byte", new byte[]{(byte) 0x80});
        TestAccount account = TestAccounts.create();
        Map<String, Supplier<RequestSpecification>> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /api/v1/run-task", account::request);
        endpoints.put("POST /api/v1/browser-profiles", account::request);
        endpoints.put("POST /api/v1/scheduled-task", account::request);
        endpoints.put("POST /api/v1/simple-search", account::request);
        endpoints.put("POST /api/v1/search-url", account::request);
        endpoints.put("POST /admin/accounts", TestAccounts::admin);
        List<Runnable> checks = new ArrayList<>();
        byte[] prefix = "{\"task\": \"ab".getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Supplier<RequestSpecification>> endpoint : endpoints.entrySet()) {
            for (Map.Entry<String, byte[]> bad : badBytes.entrySet()) {
                byte[] body = concat(prefix, bad.getValue(), "\"}".getBytes(StandardCharsets.UTF_8));
                String[] methodAndPath = endpoint.getKey().split(" ");
                Response response = endpoint.getValue().get().contentType("application/json").body(body)
                        .request(methodAndPath[0], methodAndPath[1]);
                String what = endpoint.getKey() + " with " + bad.getKey();
                checks.add(() -> {
                    assertEquals(422, response.statusCode(), what + ": " + response.asString());
                    assertEquals(List.of("body"), response.jsonPath().getList("detail[0].loc"), what);
                    assertEquals("value_error.unicode", response.jsonPath().getString("detail[0].type"), what);
                    assertEquals("request body is not valid UTF-8 (at byte " + prefix.length + ")",
                            response.jsonPath().getString("detail[0].msg"), what);
                });
            }
        }
        assertAll(checks.stream().map(check -> check::run));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aBodyOverTheLimitIsAJson413() {
        withKey(TestAccounts.BOOTSTRAP_KEY).contentType("application/json")
                .body("{\"task\": \"" + "x".repeat(TOO_LARGE) + "\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(413).contentType("application/json")
                .body("detail", equalTo("Request body too large: at most 1048576 bytes"));
    }
}
