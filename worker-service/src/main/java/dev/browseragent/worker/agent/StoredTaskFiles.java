package dev.browseragent.worker.agent;

import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link TaskFiles} in the {@code files} table, the bytes in the object store the storage settings name (the same as
 * the API's): uploads are the rows of the task's account without a task, outputs the rows with the task's id.
 */
@ApplicationScoped
public class StoredTaskFiles implements TaskFiles {

    private final DataSource dataSource;
    private final ObjectStore objects;
    private final TaskLifecycle lifecycle;
    private final RunClaims claims;

    public StoredTaskFiles(AgroalDataSource dataSource, ObjectStore objects, TaskLifecycle lifecycle, RunClaims claims) {
        this.dataSource = dataSource;
        this.objects = objects;
        this.lifecycle = lifecycle;
        this.claims = claims;
    }

    @Override
    public Map<String, Path> fetchUploads(UUID taskId, List<String> names, Path directory) throws IOException {
        Map<String, Path> fetched = new HashMap<>();
        if (names.isEmpty()) {
            return fetched;
        }
        Map<String, String> keys = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select f.file_name, f.storage_key from files f join tasks t on t.account_id = f.account_id
                     where t.id = ? and f.task_id is null and f.file_name = any (?)""")) {
            select.setObject(1, taskId);
            select.setArray(2, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IOException("could not look up the task's files", e);
        }
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : keys.entrySet()) {
            byte[] content = objects.get(file.getValue()).orElse(null);
            if (content != null) {
                // The name as the account gave it, without any directory part.
                Path path = directory.resolve(Path.of(file.getKey()).getFileName().toString());
                Files.write(path, content);
                fetched.put(file.getKey(), path);
            }
        }
        return fetched;
    }

    /**
     * Stores the bytes, then records the file under the run's claim; when the claim no longer holds (the task was
     * stopped or taken over, its lease ran out) the bytes are deleted again and nothing is recorded.
     */
    @Override
    public void saveOutput(UUID taskId, String fileName, byte[] content) throws IOException {
        RunClaim claim = claims.of(taskId).orElseThrow(() -> new IOException("task " + taskId + " does not run here"));
        String storageKey = "tasks/" + taskId + "/outputs/" + UUID.randomUUID();
        objects.put(storageKey, content);
        String contentType = Objects.requireNonNullElse(URLConnection.guessContentTypeFromName(fileName),
                "application/octet-stream");
        boolean recorded;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = JdbcStatements.prepare(connection, lifecycle.saveOutputFile(claim,
                     new TaskLifecycle.OutputFile(fileName, contentType, content.length, storageKey)));
             ResultSet row = insert.executeQuery()) {
            recorded = row.next();
        } catch (SQLException e) {
            objects.delete(storageKey);
            throw new IOException("could not record the output file " + fileName, e);
        }
        if (!recorded) {
            objects.delete(storageKey);
            throw new IOException("the output file " + fileName + " was not recorded: this run no longer holds the task");
        }
    }
}
