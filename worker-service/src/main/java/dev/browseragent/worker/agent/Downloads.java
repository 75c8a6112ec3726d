package dev.browseragent.worker.agent;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** Stores each file the browser finished downloading as one of the task's output files, once. */
final class Downloads {

    private static final Logger LOG = Logger.getLogger(Downloads.class);
    /** Chromium's names for a download still in progress. */
    private static final List<String> PARTIAL_SUFFIXES = List.of(".crdownload", ".tmp");

    private final UUID taskId;
    private final Path directory;
    private final TaskFiles files;
    private final Set<String> saved = new HashSet<>();

    Downloads(UUID taskId, Path directory, TaskFiles files) {
        this.taskId = taskId;
        this.directory = directory;
        this.files = files;
    }

    /** Saves the downloads that finished since the last call; a file that cannot be saved is logged and skipped. */
    void collect() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> finished;
        try (Stream<Path> paths = Files.list(directory)) {
            finished = paths.filter(Files::isRegularFile)
                    .filter(path -> PARTIAL_SUFFIXES.stream().noneMatch(path.getFileName().toString()::endsWith))
                    .filter(path -> !saved.contains(path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            LOG.warnf("Task %s: could not list its downloads: %s", taskId, e.getMessage());
            return;
        }
        for (Path path : finished) {
            String name = path.getFileName().toString();
            try {
                files.saveOutput(taskId, name, Files.readAllBytes(path));
                saved.add(name);
            } catch (IOException e) {
                LOG.warnf("Task %s: could not store the download %s: %s", taskId, name, e.getMessage());
            }
        }
    }
}
