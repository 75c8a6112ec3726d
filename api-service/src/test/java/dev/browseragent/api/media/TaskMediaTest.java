package dev.browseragent.api.media;

import dev.browseragent.api.support.Database;
import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.testing.SignedUrlsForTests;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import static dev.browseragent.api.support.TaskRecords.addOutputFile;
import static dev.browseragent.api.support.TaskRecords.addRecording;
import static dev.browseragent.api.support.TaskRecords.png;
import static dev.browseragent.api.support.TaskRecords.recordAttempt;
import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Screenshots, GIF, media and output files of a task, through signed URLs, scoped to the task's account. */
@QuarkusTest
class TaskMediaTest {

    @Test
    void screenshotsAreOneSignedUrlPerStepOfTheCurrentAttempt() throws Exception {
        String key = TestAccounts.create().key();
        String taskId = runTask(key);
        List<byte[]> current = List.of(png(Color.RED, 1280, 960), png(Color.GREEN, 1280, 960), png(Color.BLUE, 1280, 960));
        recordAttempt(taskId, 1, List.of(png(Color.BLACK, 800, 600)));
        recordAttempt(taskId, 2, current);
        endTask(taskId, 2, "finished");

        List<String> urls = withKey(key)
                .when().get("/api/v1/task/" + taskId + "/screenshots")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("screenshots", hasSize(3))
                .extract().path("screenshots");
        for (int i = 0; i < urls.size(); i++) {
            assertTrue(urls.get(i).startsWith("http://127.0.0.1:8080/files/tasks/" + taskId + "/2/screenshots/" + (i + 1) + "?expires="),
                    urls.get(i));
            Response image = given().when().get(SignedUrlsForTests.local(urls.get(i)));
            assertEquals(200, image.statusCode());
            assertEquals("image/png", image.contentType());
            assertArrayEquals(current.get(i), image.asByteArray());
        }

        given().when().get(SignedUrlsForTests.local(urls.get(0).replace("/screenshots/1?", "/screenshots/2?")))
                .then().statusCode(403).contentType(ContentType.JSON).body("detail", equalTo("Invalid URL signature"));
    }

    @Test
    void theGifHasOneFrameAScreenshotAndIsKeptOnceTheTaskEnded() throws Exception {
        String key = TestAccounts.create().key();
        String taskId = runTask(key);
        withKey(key)
                .when().get("/api/v1/task/" + taskId + "/gif")
                .then().statusCode(200).contentType(ContentType.JSON).body("gif", nullValue());

        recordAttempt(taskId, 1, List.of(png(Color.RED, 1280, 960), png(Color.GREEN, 1280, 960),
                png(Color.BLUE, 1280, 960), png(Color.WHITE, 1280, 960)));
        endTask(taskId, 1, "finished");
        String url = given().header("X-Browser-Use-API-Key", key)
                .when().get("/api/v1/task/" + taskId + "/gif")
                .then().statusCode(200).extract().path("gif");

        Response gif = given().when().get(SignedUrlsForTests.local(url));
        assertEquals(200, gif.statusCode());
        assertEquals("image/gif", gif.contentType());
        byte[] bytes = gif.asByteArray();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(input);
            assertEquals(4, reader.getNumImages(true));
            BufferedImage second = reader.read(1);
            assertEquals(640, second.getWidth());
            assertEquals(480, second.getHeight());
            Color center = new Color(second.getRGB(320, 240));
            assertTrue(center.getGreen() > 200 && center.getRed() < 50, "second frame is the green screenshot: " + center);
        }
        assertEquals(1, countRows("select count(*) from stored_objects where storage_key = 'gifs/" + taskId + "/1'"));
        assertArrayEquals(bytes, given().when().get(SignedUrlsForTests.local(url)).asByteArray());
    }

    @Test
    void aTaskThatEndedWithoutARecordingHasNone() throws Exception {
        String key = TestAccounts.create().key();
        String taskId = runTask(key);
        withKey(key)
                .when().get("/api/v1/task/" + taskId + "/media")
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{\"recordings\":null}"));

        // As a worker with recordings off leaves it: steps, no recording.
        recordAttempt(taskId, 1, List.of(png(Color.RED, 320, 240)));
        endTask(taskId, 1, "finished");
        withKey(key)
                .when().get("/api/v1/task/" + taskId + "/media")
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{\"recordings\":null}"));
    }

    @Test
    void recordingsAreListedOncePerRecordedRunWhenTheTaskHasEnded() throws Exception {
        String key = TestAccounts.create().key();
        String taskId = runTask(key);
        byte[] first = "first run's webm".getBytes();
        byte[] second = "second run's webm".getBytes();
        addRecording(taskId, 1, first);
        addRecording(taskId, 2, second);
        Database.update("update tasks set attempt = 2, status = 'running' where id = ?", UUID.fromString(taskId));
        withKey(key)
                .when().get("/api/v1/task/" + taskId + "/media")
                .then().statusCode(200).body(equalTo("{\"recordings\":null}"));

        endTask(taskId, 2, "stopped");
        List<String> urls = withKey(key)
                .when().get("/api/v1/task/" + taskId + "/media")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("recordings", hasSize(2))
                .extract().path("recordings");

        List<byte[]> videos = List.of(first, second);
        for (int i = 0; i < urls.size(); i++) {
            assertTrue(urls.get(i).startsWith("http://127.0.0.1:8080/files/tasks/" + taskId + "/" + (i + 1)
                    + "/recording.webm?expires="), urls.get(i));
            Response video = given().when().get(SignedUrlsForTests.local(urls.get(i)));
            assertEquals(200, video.statusCode());
            assertEquals("video/webm", video.contentType());
            assertArrayEquals(videos.get(i), video.asByteArray());
        }
        given().when().get(SignedUrlsForTests.local(urls.get(0).replace("/1/recording.webm?", "/2/recording.webm?")))
                .then().statusCode(403).contentType(ContentType.JSON).body("detail", equalTo("Invalid URL signature"));
    }

    @Test
    void anOutputFileIsDownloadedThroughItsSignedUrl() throws Exception {
        String key = TestAccounts.create().key();
        String taskId = runTask(key);
        addOutputFile(taskId, "result.json", "application/json", "{\"ok\":true}".getBytes());

        String url = withKey(key)
                .when().get("/api/v1/task/" + taskId + "/output-file/result.json")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().path("download_url");
        Response file = given().when().get(SignedUrlsForTests.local(url));
        assertEquals(200, file.statusCode());
        assertEquals("application/json", file.contentType());
        assertEquals("{\"ok\":true}", file.asString());
        assertEquals("attachment; filename*=UTF-8''result.json", file.header("Content-Disposition"));

        withKey(key)
                .when().get("/api/v1/task/" + taskId + "/output-file/other.json")
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Output file not found"));
    }

    @Test
    void anotherAccountsTaskMediaIsNotFound() throws Exception {
        String owner = TestAccounts.create().key();
        String other = TestAccounts.create().key();
        String taskId = runTask(owner);
        recordAttempt(taskId, 1, List.of(png(Color.RED, 320, 240)));
        addOutputFile(taskId, "result.txt", "text/plain", "secret".getBytes());

        for (String path : List.of("/screenshots", "/gif", "/media", "/output-file/result.txt")) {
            withKey(other)
                    .when().get("/api/v1/task/" + taskId + path)
                    .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Task not found"));
            withKey(owner)
                    .when().get("/api/v1/task/" + UUID.randomUUID() + path)
                    .then().statusCode(404).body("detail", equalTo("Task not found"));
            withKey(owner)
                    .when().get("/api/v1/task/not-a-uuid" + path)
                    .then().statusCode(404).body("detail", equalTo("Task not found"));
            given().when().get("/api/v1/task/" + taskId + path)
                    .then().statusCode(401).body("detail", equalTo("Invalid or missing API key"));
        }
    }

    private static String runTask(String key) {
        return withKey(key).contentType(ContentType.JSON)
                .body("{\"task\": \"Take some screenshots\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(200).extract().path("id");
    }

    private static void endTask(String taskId, int attempt, String status) throws Exception {
        try (Connection connection = PostgresTestResource.connect()) {
            execute(connection, "update tasks set attempt = " + attempt + ", status = '" + status + "', finished_at = now()"
                    + " where id = '" + taskId + "'");
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static int countRows(String sql) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }
}
