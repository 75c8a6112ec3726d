package dev.browseragent.api.share;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The public share page of a task: only with enable_public_share, no key, everything escaped. */
@QuarkusTest
class SharePageTest {

    @Test
    void aSharedTaskHasAReadOnlyPageWithEverythingEscaped() throws Exception {
        String key = TestAccounts.create().key();
        String id = withKey(key).contentType(ContentType.JSON)
                .body("{\"task\": \"Find <script>alert('task')</script> & more\", \"enable_public_share\": true,"
                        + " \"metadata\": {\"team\": \"hidden-metadata\"}}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
        String token = shareToken(id);
        assertNotNull(token);
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement step = connection.prepareStatement("""
                     insert into task_steps (task_id, attempt, step, id, evaluation_previous_goal, next_goal, url)
                     values (?, 1, 1, ?, 'Start', '<img src=x onerror=alert(1)>', 'https://example.com/?a=1&b="2"')""");
             PreparedStatement finish = connection.prepareStatement(
                     "update tasks set attempt = 1, status = 'finished', output = '</pre><b>done</b>', finished_at = now() where id = ?")) {
            step.setObject(1, UUID.fromString(id));
            step.setObject(2, UUID.randomUUID());
            step.executeUpdate();
            finish.setObject(1, UUID.fromString(id));
            finish.executeUpdate();
        }

        given().when().get("/share/" + token)
                .then().statusCode(200)
                .contentType("text/html")
                .body(containsString("Find &lt;script&gt;alert(&#39;task&#39;)&lt;/script&gt; &amp; more"))
                .body(containsString("&lt;img src=x onerror=alert(1)&gt;"))
                .body(containsString("https://example.com/?a=1&amp;b=&quot;2&quot;"))
                .body(containsString("&lt;/pre&gt;&lt;b&gt;done&lt;/b&gt;"))
                .body(containsString("<span class=\"status\">finished</span>"))
                .body(not(containsString("<script>")))
                .body(not(containsString("hidden-metadata")));
    }

    @Test
    void aTaskNotSharedHasNoPageAndAnUnknownTokenIsNotFound() throws Exception {
        String key = TestAccounts.create().key();
        String id = withKey(key).contentType(ContentType.JSON)
                .body("{\"task\": \"private\", \"enable_public_share\": false}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
        assertNull(shareToken(id));
        given().when().get("/share/" + UUID.randomUUID())
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Shared task not found"));
    }

    private static String shareToken(String taskId) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("select public_share_token from tasks where id = ?")) {
            select.setObject(1, UUID.fromString(taskId));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
