package dev.browseragent.worker.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TaskFiles} in memory, for agent tests that are not about where files are stored: uploads a test puts in,
 * outputs it reads back.
 */
public final class LocalTaskFiles implements TaskFiles {

    final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    final Map<String, byte[]> outputs = new ConcurrentHashMap<>();

    @Override
    public Map<String, Path> fetchUploads(UUID taskId, List<String> names, Path directory) throws IOException {
        Map<String, Path> fetched = new ConcurrentHashMap<>();
        for (String name : names) {
            byte[] content = uploads.get(name);
            if (content != null) {
                fetched.put(name, Files.write(directory.resolve(name), content));
            }
        }
        return fetched;
    }

    @Override
    public void saveOutput(UUID taskId, String fileName, byte[] content) {
        outputs.put(fileName, content);
    }
}
