package dev.browseragent.api.profile;

import dev.browseragent.api.support.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

/** Browser profiles CRUD: defaults, partial update, the run-task rules of the same fields, paging, two accounts. */
@QuarkusTest
class BrowserProfileTest {

    @Test
    void aProfileIsCreatedWithDefaultsReadUpdatedPartiallyAndDeleted() throws Exception {
        String key = TestAccounts.create().key();
        String id = create(key, "{\"profile_name\": \"shopping\"}")
                .statusCode(200).contentType(ContentType.JSON)
                .body("profile_id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("profile_id");

        Map<String, Object> expected = Map.of("profile_id", id, "profile_name", "shopping", "description", "",
                "persist", false, "ad_blocker", true, "proxy", true, "proxy_country_code", "us",
                "browser_viewport_width", 1280, "browser_viewport_height", 960);
        withKey(key).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(200).body("", equalTo(expected));

        withKey(key).contentType(ContentType.JSON)
                .body("{\"persist\": true, \"proxy_country_code\": \"DE\", \"browser_viewport_width\": 3840,"
                        + " \"description\": null, \"unknown\": 1}")
                .when().put("/api/v1/browser-profiles/" + id)
                .then().statusCode(200)
                .body("profile_name", equalTo("shopping"))
                .body("persist", equalTo(true))
                .body("proxy_country_code", equalTo("de"))
                .body("browser_viewport_width", equalTo(3840))
                .body("browser_viewport_height", equalTo(960))
                .body("description", equalTo(""));
        withKey(key).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(200).body("persist", equalTo(true)).body("proxy_country_code", equalTo("de"));

        withKey(key).when().delete("/api/v1/browser-profiles/" + id)
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
        withKey(key).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Browser profile not found"));
    }

    @Test
    void fieldsFollowTheRunTaskRulesOnBothSidesOfEachBound() throws Exception {
        String key = TestAccounts.create().key();
        create(key, "{\"profile_name\": \"p\", \"browser_viewport_width\": 320, \"browser_viewport_height\": 240}").statusCode(200);
        create(key, "{\"profile_name\": \"p\", \"browser_viewport_width\": 3840, \"browser_viewport_height\": 2160}").statusCode(200);
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_width\": 319}", "browser_viewport_width",
                "ensure this value is greater than or equal to 320", "value_error.number.not_ge");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_width\": 3841}", "browser_viewport_width",
                "ensure this value is less than or equal to 3840", "value_error.number.not_le");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_height\": 239}", "browser_viewport_height",
                "ensure this value is greater than or equal to 240", "value_error.number.not_ge");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_height\": 2161}", "browser_viewport_height",
                "ensure this value is less than or equal to 2160", "value_error.number.not_le");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_height\": 999.5}", "browser_viewport_height",
                "value is not a valid integer", "type_error.integer");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_height\": 99999999999}", "browser_viewport_height",
                "value is not a valid integer", "type_error.integer");
        problem(key, "{\"profile_name\": \"p\", \"browser_viewport_width\": \"1280\"}", "browser_viewport_width",
                "value is not a valid integer", "type_error.integer");
        problem(key, "{\"profile_name\": \"p\", \"persist\": \"true\"}", "persist",
                "value could not be parsed to a boolean", "type_error.bool");
        problem(key, "{\"profile_name\": \"p\", \"ad_blocker\": 1}", "ad_blocker",
                "value could not be parsed to a boolean", "type_error.bool");
        problem(key, "{\"profile_name\": \"p\", \"proxy_country_code\": \"xx\"}", "proxy_country_code",
                "value is not a valid enumeration member; permitted: 'us', 'uk', 'fr', 'it', 'jp', 'au', 'de', 'fi', 'ca', 'in'",
                "type_error.enum");
        problem(key, "{\"profile_name\": 5}", "profile_name", "str type expected", "type_error.str");
        problem(key, "{}", "profile_name", "field required", "value_error.missing");
        problem(key, "{\"profile_name\": \"   \"}", "profile_name", "ensure this value is not blank", "value_error.any_str.blank");
        problem(key, "{\"profile_name\": \"" + "x".repeat(101) + "\"}", "profile_name",
                "ensure this value has at most 100 characters", "value_error.any_str.max_length");
        create(key, "{\"profile_name\": \"" + "x".repeat(100) + "\"}").statusCode(200);

        String id = create(key, "{\"profile_name\": \"p\"}").extract().path("profile_id");
        withKey(key).contentType(ContentType.JSON)
                .body("{\"browser_viewport_width\": 100}")
                .when().put("/api/v1/browser-profiles/" + id)
                .then().statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", "browser_viewport_width")));
        withKey(key).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(200).body("browser_viewport_width", equalTo(1280));
    }

    @Test
    void theListIsPagedNewestFirst() throws Exception {
        String key = TestAccounts.create().key();
        for (int i = 1; i <= 3; i++) {
            create(key, "{\"profile_name\": \"p" + i + "\"}").statusCode(200);
        }
        withKey(key).when().get("/api/v1/browser-profiles?page=1&limit=2")
                .then().statusCode(200)
                .body("profiles.profile_name", equalTo(List.of("p3", "p2")))
                .body("total_pages", equalTo(2)).body("page", equalTo(1)).body("limit", equalTo(2)).body("total_count", equalTo(3));
        withKey(key).when().get("/api/v1/browser-profiles?page=2&limit=2")
                .then().statusCode(200).body("profiles.profile_name", equalTo(List.of("p1")));
        withKey(key).when().get("/api/v1/browser-profiles")
                .then().statusCode(200).body("profiles", hasSize(3)).body("page", equalTo(1)).body("limit", equalTo(10));
        withKey(key).when().get("/api/v1/browser-profiles?limit=100").then().statusCode(200);

        withKey(key).when().get("/api/v1/browser-profiles?page=0&limit=101")
                .then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail[0].loc", equalTo(List.of("query", "page")))
                .body("detail[0].msg", equalTo("ensure this value is greater than or equal to 1"))
                .body("detail[1].loc", equalTo(List.of("query", "limit")))
                .body("detail[1].msg", equalTo("ensure this value is less than or equal to 100"));
        withKey(key).when().get("/api/v1/browser-profiles?limit=0")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "limit")));
        withKey(key).when().get("/api/v1/browser-profiles?page=abc")
                .then().statusCode(422).body("detail[0].type", equalTo("type_error.integer"));
    }

    @Test
    void anotherAccountsProfileIsNotFoundAndUnchanged() throws Exception {
        String owner = TestAccounts.create().key();
        String other = TestAccounts.create().key();
        String id = create(owner, "{\"profile_name\": \"mine\"}").extract().path("profile_id");

        withKey(other).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        withKey(other).contentType(ContentType.JSON).body("{\"profile_name\": \"theirs\"}")
                .when().put("/api/v1/browser-profiles/" + id)
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        withKey(other).when().delete("/api/v1/browser-profiles/" + id)
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        withKey(other).when().get("/api/v1/browser-profiles")
                .then().statusCode(200).body("profiles", hasSize(0)).body("total_count", equalTo(0)).body("total_pages", equalTo(0));
        withKey(owner).when().get("/api/v1/browser-profiles/" + id)
                .then().statusCode(200).body("profile_name", equalTo("mine"));
        withKey(owner).when().get("/api/v1/browser-profiles/" + UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        withKey(owner).when().get("/api/v1/browser-profiles/not-a-uuid")
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        given().when().get("/api/v1/browser-profiles").then().statusCode(401);
    }

    private static ValidatableResponse create(String key, String body) {
        return withKey(key).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/browser-profiles").then();
    }

    private static void problem(String key, String body, String field, String msg, String type) {
        create(key, body).statusCode(422).contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", field)))
                .body("detail[0].msg", equalTo(msg))
                .body("detail[0].type", equalTo(type));
    }
}
