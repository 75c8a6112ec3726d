package dev.browseragent.api.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Accounts made through the admin API, each test with its own so that plans and queues do not interfere. */
public final class TestAccounts {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String BOOTSTRAP_KEY = "bu_test_bootstrap_key";

    /** An account and one of its keys. */
    public record TestAccount(String id, String key) {
        public RequestSpecification request() {
            return withKey(key);
        }
    }

    private TestAccounts() {
    }

    /**
     * The one way tests call the API as a client: a request carrying {@code key} as the v1 bearer token (any text, so
     * tests of wrong keys use it too).
     */
    public static RequestSpecification withKey(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification admin() {
        return withKey(ADMIN_TOKEN);
    }

    /** A new account with these plan fields (admin API names) and a new key. */
    public static TestAccount create(Map<String, Object> plan) {
        Map<String, Object> body = new HashMap<>(plan);
        body.putIfAbsent("name", "test account");
        String id = admin().contentType(ContentType.JSON).body(body)
                .when().post("/admin/accounts")
                .then().statusCode(200).extract().path("id");
        String key = admin().when().post("/admin/accounts/" + id + "/api-keys")
                .then().statusCode(200).extract().path("key");
        return new TestAccount(id, key);
    }

    public static TestAccount create() {
        return create(Map.of());
    }
}
