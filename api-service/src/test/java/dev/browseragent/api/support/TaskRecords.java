package dev.browseragent.api.support;

import dev.browseragent.embedded.quarkus.PostgresTestResource;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * What a worker records of a task, written straight to the test database: steps with screenshots, output files,
 * recordings.
 */
public final class TaskRecords {

    private TaskRecords() {
    }

    /**
     * An attempt's steps, one per screenshot, each screenshot in the object store under the step's key; the task is
     * then running that attempt.
     */
    public static void recordAttempt(String taskId, int attempt, List<byte[]> screenshots) throws Exception {
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
        }
        Database.update("update tasks set attempt = ?, status = 'running' where id = ?", attempt, UUID.fromString(taskId));
    }

    /** A file the task produced, as the worker stores it. */
    public static void addOutputFile(String taskId, String name, String contentType, byte[] content) throws Exception {
        String storageKey = "outputs/" + taskId + "/" + name;
        Database.update("insert into stored_objects (storage_key, content) values (?, ?)", storageKey, content);
        Database.update("""
                insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
                select ?, account_id, id, ?, ?, ?, ? from tasks where id = ?""",
                UUID.randomUUID(), name, contentType, (long) content.length, storageKey, UUID.fromString(taskId));
    }

    /** A run's recording, as the worker stores it: the video in the object store, its row. */
    public static void addRecording(String taskId, int attempt, byte[] video) throws Exception {
        String storageKey = "tasks/" + taskId + "/recordings/" + attempt + ".webm";
        Database.update("insert into stored_objects (storage_key, content) values (?, ?)", storageKey, video);
        Database.update("""
                insert into task_recordings (task_id, attempt, storage_key, content_type, size_bytes, duration_ms)
                values (?, ?, ?, 'video/webm', ?, 5000)""", UUID.fromString(taskId), attempt, storageKey,
                (long) video.length);
    }

    /** A PNG of one colour. */
    public static byte[] png(Color color, int width, int height) throws Exception {
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
