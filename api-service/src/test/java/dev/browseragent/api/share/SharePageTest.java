package dev.browseragent.api.share;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.testing.SignedUrlsForTests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.browseragent.api.support.Database.column;
import static dev.browseragent.api.support.Database.update;
import static dev.browseragent.api.support.TaskRecords.addOutputFile;
import static dev.browseragent.api.support.TaskRecords.addRecording;
import static dev.browseragent.api.support.TaskRecords.png;
import static dev.browseragent.api.support.TaskRecords.recordAttempt;
import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public share page of a task and its JSON form: only with enable_public_share, no key, not for search engines,
 * everything escaped, screenshots, files and the GIF as signed URLs that work.
 */
@QuarkusTest
class SharePageTest {

    private static final Pattern SCREENSHOT = Pattern.compile("<img class=\"screenshot\" loading=\"lazy\" src=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\"[^>]*>([^<]*)</a>");
    private static final Pattern NONCE = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'");
    private static final String PAYLOAD = "<img src=x onerror=alert(1)>";

    @Test
    void aSharedTaskHasAReadOnlyPageWithEverythingEscaped() {
        String id = sharedTask("Find <script>alert('task')</script> & more");
        String token = shareToken(id);
        assertNotNull(token);
        addStep(id, 1, "Start", PAYLOAD, "https://example.com/?a=1&b=\"2\"");
        addStep(id, 2, PAYLOAD, "Go on", "javascript:alert(1)");
        addStep(id, 3, "Went on", "Report", " JavaScript:alert(2)");
        update("update tasks set attempt = 1, status = 'finished', output = ?, finished_at = now() where id = ?",
                "</pre>" + PAYLOAD + "<b>done</b>", UUID.fromString(id));

        String page = given().when().get("/share/" + token)
                .then().statusCode(200)
                .contentType("text/html")
                .body(containsString("Find &lt;script&gt;alert(&#39;task&#39;)&lt;/script&gt; &amp; more"))
                .body(containsString("Goal: &lt;img src=x onerror=alert(1)&gt;"))
                .body(containsString("Evaluation: &lt;img src=x onerror=alert(1)&gt;"))
                .body(containsString("<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\""))
                .body(containsString("Page: javascript:alert(1)</div>"))
                .body(containsString("Page:  JavaScript:alert(2)</div>"))
                .body(containsString("&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;done&lt;/b&gt;"))
                .body(containsString("<span class=\"status\" id=\"status\">finished</span>"))
                .body(not(containsString(PAYLOAD)))
                .body(not(containsString("<script>")))
                .body(not(containsString("hidden-metadata")))
                .extract().asString();
        List<String> hrefs = new ArrayList<>();
        Matcher link = LINK.matcher(page);
        while (link.find()) {
            hrefs.add(link.group(1));
        }
        assertEquals(List.of("https://example.com/?a=1&amp;b=&quot;2&quot;"), hrefs, "only the http(s) step URL is a link");

        given().when().get("/share/" + token + "/state")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("steps.next_goal", contains(PAYLOAD, "Go on", "Report"))
                .body("steps[1].url", equalTo("javascript:alert(1)"))
                .body("output", equalTo("</pre>" + PAYLOAD + "<b>done</b>"))
                .body("$", not(hasKey("metadata")));
    }

    @Test
    void stepsShowTheirScreenshotsAndTheOutputFilesAndTheGifAreSignedLinksThatWork() throws Exception {
        String id = sharedTask("Take pictures");
        String token = shareToken(id);
        List<byte[]> screenshots = List.of(png(Color.RED, 320, 240), png(Color.GREEN, 320, 240));
        recordAttempt(id, 1, screenshots);
        addOutputFile(id, "report <1>.csv", "text/csv", "a,b\n1,2\n".getBytes());
        update("update tasks set status = 'finished', output = 'Done', finished_at = now() where id = ?", UUID.fromString(id));

        String page = given().when().get("/share/" + token)
                .then().statusCode(200).extract().asString();

        Matcher screenshot = SCREENSHOT.matcher(page);
        for (byte[] expected : screenshots) {
            assertTrue(screenshot.find(), "a screenshot for each step: " + page);
            Response image = given().when().get(SignedUrlsForTests.local(unescape(screenshot.group(1))));
            assertEquals(200, image.statusCode());
            assertEquals("image/png", image.contentType());
            assertArrayEquals(expected, image.asByteArray());
        }
        assertTrue(page.contains("alt=\"Screenshot of step 2\""), page);

        List<String> links = new ArrayList<>();
        Matcher link = LINK.matcher(page);
        while (link.find()) {
            links.add(link.group(2) + " " + link.group(1));
        }
        assertEquals(4, links.size(), links.toString());
        assertEquals(List.of("https://example.com https://example.com", "https://example.com https://example.com"),
                links.subList(2, 4), "then each step's page");
        assertTrue(links.get(0).startsWith("report &lt;1&gt;.csv http://127.0.0.1:8080/files/"), links.get(0));
        assertTrue(links.get(1).startsWith("Download the GIF http://127.0.0.1:8080/files/tasks/" + id + "/1/steps.gif?"),
                links.get(1));
        // Already encoded as the browser sends it ("report%20%3C1%3E.csv"): RestAssured must not encode it again.
        Response file = given().urlEncodingEnabled(false).when().get(SignedUrlsForTests.local(unescape(links.get(0).substring(links.get(0).indexOf(" http") + 1))));
        assertEquals(200, file.statusCode());
        assertEquals("a,b\n1,2\n", file.asString());
        Response gif = given().when().get(SignedUrlsForTests.local(unescape(links.get(1).substring(links.get(1).indexOf(" http") + 1))));
        assertEquals(200, gif.statusCode());
        assertEquals("image/gif", gif.contentType());
        assertTrue(page.contains("<img class=\"gif\""), page);

        given().when().get("/share/" + token + "/state")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("ended", equalTo(true))
                .body("live_view_url", nullValue())
                .body("steps.step", contains(1, 2))
                .body("steps[0].screenshot_url", startsWith("http://127.0.0.1:8080/files/tasks/" + id + "/1/screenshots/1?"))
                .body("output_files[0].file_name", equalTo("report <1>.csv"))
                .body("output_files[0].download_url", startsWith("http://127.0.0.1:8080/files/"))
                .body("gif_url", startsWith("http://127.0.0.1:8080/files/tasks/" + id + "/1/steps.gif?"))
                .body("recording_urls", empty());
    }

    @Test
    void anEndedTasksRecordingIsASignedLinkThatPlaysAndNoneShowsWhileItRuns() throws Exception {
        String id = sharedTask("Record it");
        String token = shareToken(id);
        recordAttempt(id, 1, List.of(png(Color.RED, 320, 240)));
        addRecording(id, 1, "the run's webm".getBytes());
        given().when().get("/share/" + token + "/state")
                .then().statusCode(200).body("recording_urls", empty());

        update("update tasks set status = 'finished', output = 'Done', finished_at = now() where id = ?", UUID.fromString(id));

        String url = given().when().get("/share/" + token + "/state")
                .then().statusCode(200).body("recording_urls.size()", equalTo(1))
                .extract().path("recording_urls[0]");
        assertTrue(url.startsWith("http://127.0.0.1:8080/files/tasks/" + id + "/1/recording.webm?"), url);
        String page = given().when().get("/share/" + token).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<div id=\"recordings\"><h2>Recordings</h2>"), page);
        Matcher link = LINK.matcher(page);
        List<String> recordings = new ArrayList<>();
        while (link.find()) {
            if (link.group(2).equals("Recording")) {
                recordings.add(unescape(link.group(1)));
            }
        }
        assertEquals(List.of(url), recordings);
        Response video = given().when().get(SignedUrlsForTests.local(url));
        assertEquals(200, video.statusCode());
        assertEquals("video/webm", video.contentType());
        assertArrayEquals("the run's webm".getBytes(), video.asByteArray());
    }

    @Test
    void aRunningTaskEmbedsItsLiveViewAndItsScriptPollsTheStateUnderATightPolicy() throws Exception {
        String id = sharedTask("Keep going");
        String token = shareToken(id);
        recordAttempt(id, 1, List.of(png(Color.BLUE, 320, 240)));

        Response response = given().when().get("/share/" + token);
        assertEquals(200, response.statusCode());
        String page = response.asString();
        assertTrue(page.contains("<iframe id=\"live-view\" title=\"Live view of the task's browser\" src=\"/share/"
                + token + "/live\"></iframe>"), page);
        assertTrue(page.contains("data-state-url=\"/share/" + token + "/state\" data-ended=\"false\""), page);
        assertTrue(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"), page);
        assertTrue(page.contains("The GIF of all steps comes when the task has ended."), page);
        assertEquals("noindex, nofollow", response.header("X-Robots-Tag"));
        assertEquals("no-referrer", response.header("Referrer-Policy"));
        String policy = response.header("Content-Security-Policy");
        assertNotNull(policy);
        Matcher nonce = NONCE.matcher(policy);
        assertTrue(nonce.find(), policy);
        assertEquals("default-src 'none'; script-src 'nonce-" + nonce.group(1) + "'; style-src 'nonce-" + nonce.group(1)
                + "'; img-src 'self' http://127.0.0.1:8080; connect-src 'self'; frame-src 'self'; base-uri 'none';"
                + " form-action 'none'; frame-ancestors 'none'", policy);
        assertTrue(page.contains("<script nonce=\"" + nonce.group(1) + "\">"), page);
        assertTrue(page.contains("<style nonce=\"" + nonce.group(1) + "\">"), page);
        assertEquals(page.indexOf("<script"), page.lastIndexOf("<script"), "one script, the page's own");
        String secondNonce = given().when().get("/share/" + token).header("Content-Security-Policy");
        assertFalse(secondNonce.contains(nonce.group(1)), "a new nonce per response");

        given().when().get("/share/" + token + "/state")
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Cache-Control", "no-store")
                .body("status", equalTo("running"))
                .body("ended", equalTo(false))
                .body("live_view_url", equalTo("/share/" + token + "/live"))
                .body("gif_url", nullValue())
                .body("steps[0].screenshot_url", startsWith("http://127.0.0.1:8080/files/tasks/" + id + "/1/screenshots/1?"));

        update("update tasks set status = 'paused' where id = ?", UUID.fromString(id));
        given().when().get("/share/" + token + "/state")
                .then().statusCode(200).body("live_view_url", equalTo("/share/" + token + "/live"));
        update("update tasks set status = 'stopped', finished_at = now() where id = ?", UUID.fromString(id));
        given().when().get("/share/" + token)
                .then().statusCode(200)
                .body(containsString("data-ended=\"true\""))
                .body(not(containsString("<iframe")));
    }

    @Test
    void aTaskNotSharedHasNoPageAndAnUnknownOrMalformedTokenIsNotFound() {
        String key = TestAccounts.create().key();
        String id = withKey(key).contentType(ContentType.JSON)
                .body("{\"task\": \"private\", \"enable_public_share\": false}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
        assertNull(shareToken(id));
        for (String token : List.of(ShareTokens.generate(), UUID.randomUUID().toString(), "%00", "a%00b", "x".repeat(1000),
                "%3Cimg%20src%3Dx%3E")) {
            for (String path : List.of("/share/" + token, "/share/" + token + "/state")) {
                given().urlEncodingEnabled(false).when().get(path)
                        .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Shared task not found"));
            }
        }
    }

    /** A task created with enable_public_share, by a new account, with metadata the page must not show. */
    private static String sharedTask(String text) {
        String key = TestAccounts.create().key();
        return withKey(key).contentType(ContentType.JSON)
                .body("{\"task\": \"" + text.replace("\"", "\\\"") + "\", \"enable_public_share\": true,"
                        + " \"metadata\": {\"team\": \"hidden-metadata\"}}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
    }

    private static void addStep(String taskId, int step, String evaluation, String nextGoal, String url) {
        update("""
                insert into task_steps (task_id, attempt, step, id, evaluation_previous_goal, next_goal, url)
                values (?, 1, ?, ?, ?, ?, ?)""", UUID.fromString(taskId), step, UUID.randomUUID(), evaluation, nextGoal, url);
    }

    private static String shareToken(String taskId) {
        List<String> token = column(
                "select public_share_token from tasks where id = ?", UUID.fromString(taskId));
        return token.get(0);
    }

    /** An attribute's value as the browser reads it: the page escapes {@code &} in URLs. */
    private static String unescape(String attribute) {
        return attribute.replace("&amp;", "&");
    }
}
