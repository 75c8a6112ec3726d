package dev.browseragent.worker.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The files a task works with: its account's uploads it may put into pages, and the downloads it produces. */
public interface TaskFiles {

    /**
     * Writes the task account's uploaded files with these names into the directory.
     *
     * @return the path of each file found, by name; names without an upload are left out
     */
    Map<String, Path> fetchUploads(UUID taskId, List<String> names, Path directory) throws IOException;

    /** Stores a file the task produced (a download) as one of its output files. */
    void saveOutput(UUID taskId, String fileName, byte[] content) throws IOException;
}
