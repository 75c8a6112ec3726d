package dev.browseragent.worker.recording;

import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.storage.ObjectStore;
import dev.browseragent.worker.agent.RunClaims;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * Recordings in the object store the storage settings name, each recorded in {@code task_recordings} under the run's
 * claim: a run that no longer holds its task (stopped, taken over, its lease run out) keeps no recording, and its
 * bytes are deleted again.
 */
@ApplicationScoped
public class StoredRecordings implements RecordingStore {

    private static final Logger LOG = Logger.getLogger(StoredRecordings.class);

    private final DataSource dataSource;
    private final ObjectStore objects;
    private final TaskLifecycle lifecycle;
    private final RunClaims claims;

    public StoredRecordings(AgroalDataSource dataSource, ObjectStore objects, TaskLifecycle lifecycle,
                            RunClaims claims) {
        this.dataSource = dataSource;
        this.objects = objects;
        this.lifecycle = lifecycle;
        this.claims = claims;
    }

    @Override
    public void save(UUID taskId, Path video, Duration length) throws IOException {
        RunClaim claim = claims.of(taskId).orElse(null);
        if (claim == null) {
            LOG.infof("Task %s: its recording is not kept, the run no longer holds the task", taskId);
            return;
        }
        String storageKey = "tasks/" + taskId + "/recordings/" + claim.attempt() + "-" + UUID.randomUUID() + ".webm";
        long size = Files.size(video);
        objects.put(storageKey, Files.readAllBytes(video));
        boolean recorded;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = JdbcStatements.prepare(connection, lifecycle.saveRecording(claim,
                     new TaskLifecycle.Recording(VideoEncoder.CONTENT_TYPE, size, length, storageKey)));
             ResultSet row = insert.executeQuery()) {
            recorded = row.next();
        } catch (SQLException e) {
            objects.delete(storageKey);
            throw new IOException("could not record the recording", e);
        }
        if (!recorded) {
            objects.delete(storageKey);
            LOG.infof("Task %s: its recording is not kept, the run no longer holds the task", taskId);
        }
    }
}
