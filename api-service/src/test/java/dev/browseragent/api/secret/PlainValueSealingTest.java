package dev.browseragent.api.secret;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.secret.SealedColumn;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static dev.browseragent.api.support.Database.single;
import static dev.browseragent.api.support.Database.update;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Cookies and webhook secrets stored in clear before V12 are sealed at start and read as before. */
@QuarkusTest
class PlainValueSealingTest {

    @Inject
    SecretStorage secrets;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    TaskLifecycle lifecycle;

    @Test
    void plainCookiesAndWebhookSecretsAreSealedForTheirRowsAndStillRead() throws Exception {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 0));
        String id = account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        UUID task = UUID.fromString(id);
        UUID accountId = UUID.fromString(account.id());
        update("update tasks set browser_data = '{\"cookies\": [{\"name\": \"sid\", \"value\": \"plain-42\"}]}'"
                + " where id = ?", task);
        update("update accounts set webhook_secret = 'plain-webhook-secret' where id = ?", accountId);

        new PlainValueSealing().onStart(null, secrets, dataSource, lifecycle);

        assertNull(single("select browser_data::text from tasks where id = ?", task));
        assertNull(single("select webhook_secret from accounts where id = ?", accountId));
        String sealedCookies = single("select encode(sealed_browser_data, 'hex') from tasks where id = ?", task);
        assertFalse(new String(HexFormat.of().parseHex(sealedCookies)).contains("plain-42"));
        account.request().when().get("/api/v1/task/" + id)
                .then().statusCode(200).body("browser_data.cookies[0].value", equalTo("plain-42"));
        byte[] sealedSecret = HexFormat.of().parseHex(
                single("select encode(sealed_webhook_secret, 'hex') from accounts where id = ?", accountId));
        assertEquals("plain-webhook-secret",
                secrets.open(SealedColumn.ACCOUNT_WEBHOOK_SECRET.row(accountId), sealedSecret));
    }
}
