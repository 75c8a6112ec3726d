package dev.browseragent.api.webhook;

import dev.browseragent.api.support.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The admin webhook settings with the default network rule (private networks refused); deliveries themselves are
 * tested end to end against the packaged stack.
 */
@QuarkusTest
class WebhookAdminResourceTest {

    private static final String BOOTSTRAP_ACCOUNT = "00000000-0000-0000-0000-000000000001";

    @Test
    void aLoopbackOrPrivateWebhookUrlIsRefusedWith422() {
        for (String url : new String[]{"http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data"}) {
            TestAccounts.admin().contentType(ContentType.JSON)
                    .body("{\"url\": \"" + url + "\", \"secret\": \"s\"}")
                    .when().put("/admin/accounts/" + BOOTSTRAP_ACCOUNT + "/webhook")
                    .then().statusCode(422)
                    .body("detail[0].loc[1]", equalTo("url"))
                    .body("detail[0].msg", containsString("address, which webhooks may not reach"));
        }
        TestAccounts.admin().contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.com/hook\", \"secret\": \"s\"}")
                .when().put("/admin/accounts/" + BOOTSTRAP_ACCOUNT + "/webhook")
                .then().statusCode(422).body("detail[0].msg", containsString("http or https"));
    }

    @Test
    void theAdminApiNeedsTheAdminToken() {
        given().contentType(ContentType.JSON).body("{\"url\": \"https://example.com/hook\", \"secret\": \"s\"}")
                .when().put("/admin/accounts/" + BOOTSTRAP_ACCOUNT + "/webhook")
                .then().statusCode(401).body("detail", equalTo("Invalid or missing admin token"));
        withKey("bu_test_bootstrap_key")
                .when().get("/admin/accounts/" + BOOTSTRAP_ACCOUNT + "/webhook-deliveries")
                .then().statusCode(401);
    }

    @Test
    void missingFieldsAreA422AndAnUnknownAccountA404() {
        TestAccounts.admin().contentType(ContentType.JSON).body("{\"url\": \"https://example.com/hook\"}")
                .when().put("/admin/accounts/" + BOOTSTRAP_ACCOUNT + "/webhook")
                .then().statusCode(422).body("detail[0].loc", equalTo(java.util.List.of("body", "secret")));
        TestAccounts.admin().when().delete("/admin/accounts/" + UUID.randomUUID() + "/webhook")
                .then().statusCode(404).body("detail", equalTo("Account not found"));
    }

    @Test
    void theOwnersDeliveryListIsPagedAndChecksItsParameters() {
        withKey("bu_test_bootstrap_key")
                .when().get("/api/v1/webhook-deliveries?page=1&limit=5")
                .then().statusCode(200).body("page", equalTo(1)).body("limit", equalTo(5));
        withKey("bu_test_bootstrap_key")
                .when().get("/api/v1/webhook-deliveries?limit=101")
                .then().statusCode(422).body("detail[0].loc", equalTo(java.util.List.of("query", "limit")));
        given().when().get("/api/v1/webhook-deliveries").then().statusCode(401);
    }
}
