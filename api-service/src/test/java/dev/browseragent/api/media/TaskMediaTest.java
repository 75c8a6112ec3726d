package dev.browseragent.api.media;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.testing.SignedUrlsForTests;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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
        execute("update tasks set attempt = 2, status = 'running' where id = '" + taskId + "'");
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

    /** What a worker writes for an attempt: its steps, each screenshot in the object store under the step's key. */
    private static void recordAttempt(String taskId, int attempt, List<byte[]> screenshots) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement object = connection.prepareStatement("insert into stored_objects (storage_key, content) values (?, ?)");
             PreparedStatement step = connection.prepareStatement("""
                     insert into task_steps (task_id, attempt, step, id, next_goal, url, screenshot_key)
                     values (?::uuid, ?, ?, ?, 'look', 'https://example.com', ?)""")) {
            for (int i = 0; i < screenshots.size(); i++) {
                String storageKey = "tasks/" + taskId + "/attempts/" + attempt + "/screenshots/" + (i + 1);
                object.setString(1, storageKey);
                object.setBytes(2, screenshots.get(i));
                object.executeUpdate();
                step.setString(1, taskId);
                step.setInt(2, attempt);
                step.setInt(3, i + 1);
                step.setObject(4, UUID.randomUUID());
                step.setString(5, storageKey);
                step.executeUpdate();
            }
            execute(connection, "update tasks set attempt = " + attempt + ", status = 'running' where id = '" + taskId + "'");
        }
    }

    private static void endTask(String taskId, int attempt, String status) throws Exception {
        try (Connection connection = PostgresTestResource.connect()) {
            execute(connection, "update tasks set attempt = " + attempt + ", status = '" + status + "', finished_at = now()"
                    + " where id = '" + taskId + "'");
        }
    }

    private static void addOutputFile(String taskId, String name, String contentType, byte[] content) throws Exception {
        String storageKey = "outputs/" + taskId + "/" + name;
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement object = connection.prepareStatement("insert into stored_objects (storage_key, content) values (?, ?)");
             PreparedStatement file = connection.prepareStatement("""
                     insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
                     select ?, account_id, id, ?, ?, ?, ? from tasks where id = ?::uuid""")) {
            object.setString(1, storageKey);
            object.setBytes(2, content);
            object.executeUpdate();
            file.setObject(1, UUID.randomUUID());
            file.setString(2, name);
            file.setString(3, contentType);
            file.setLong(4, content.length);
            file.setString(5, storageKey);
            file.setString(6, taskId);
            file.executeUpdate();
        }
    }

    /** What a worker writes for a run it recorded: the video in the object store, its row. */
    private static void addRecording(String taskId, int attempt, byte[] video) throws Exception {
        String storageKey = "tasks/" + taskId + "/recordings/" + attempt + ".webm";
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement object = connection.prepareStatement("insert into stored_objects (storage_key, content) values (?, ?)");
             PreparedStatement recording = connection.prepareStatement("""
                     insert into task_recordings (task_id, attempt, storage_key, content_type, size_bytes, duration_ms)
                     values (?::uuid, ?, ?, 'video/webm', ?, 5000)""")) {
            object.setString(1, storageKey);
            object.setBytes(2, video);
            object.executeUpdate();
            recording.setString(1, taskId);
            recording.setInt(2, attempt);
            recording.setString(3, storageKey);
            recording.setLong(4, video.length);
            recording.executeUpdate();
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = PostgresTestResource.connect()) {
            execute(connection, sql);
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

    static byte[] png(Color color, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
