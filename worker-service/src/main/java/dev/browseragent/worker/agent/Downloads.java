package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.BrowserSession;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Stores each file the browser finished downloading as one of the task's output files, once; a file over the size
 * limit is left out, with a warning.
 */
final class Downloads {

    private static final Logger LOG = Logger.getLogger(Downloads.class);

    private final UUID taskId;
    private final BrowserSession session;
    private final TaskFiles files;
    private final long maxBytes;
    /** The downloads dealt with: stored, or left out for their size. */
    private final Set<String> handled = new HashSet<>();

    Downloads(UUID taskId, BrowserSession session, TaskFiles files, long maxBytes) {
        this.taskId = taskId;
        this.session = session;
        this.files = files;
        this.maxBytes = maxBytes;
    }

    /** Saves the downloads that finished since the last call; a file that cannot be saved is logged and skipped. */
    void collect() {
        session.fetchDownloads();
        Path directory = session.downloadDirectory();
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> finished;
        try (Stream<Path> paths = Files.list(directory)) {
            finished = paths.filter(Files::isRegularFile)
                    .filter(path -> !BrowserSession.isPartialDownload(path.getFileName().toString()))
                    .filter(path -> !handled.contains(path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            LOG.warnf("Task %s: could not list its downloads: %s", taskId, e.getMessage());
            return;
        }
        for (Path path : finished) {
            String name = path.getFileName().toString();
            try {
                long size = Files.size(path);
                if (size > maxBytes) {
                    LOG.warnf("Task %s: the download %s (%d bytes) is not kept: output files may have at most %d bytes"
                            + " (browser-agent.agent.max-download-bytes)", taskId, name, size, maxBytes);
                } else {
                    files.saveOutput(taskId, name, Files.readAllBytes(path));
                }
                handled.add(name);
            } catch (IOException e) {
                LOG.warnf("Task %s: could not store the download %s: %s", taskId, name, e.getMessage());
            }
        }
    }
}
