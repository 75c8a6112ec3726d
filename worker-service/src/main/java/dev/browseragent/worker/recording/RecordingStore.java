package dev.browseragent.worker.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Where a run's finished recording goes: {@link StoredRecordings} in the worker. */
public interface RecordingStore {

    /** Keeps the video (a WebM file, deleted after this returns) as the recording of the task's current run. */
    void save(UUID taskId, Path video, Duration length) throws IOException;
}
