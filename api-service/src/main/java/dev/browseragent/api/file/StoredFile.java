package dev.browseragent.api.file;

import java.util.UUID;

/** A row of {@code files}: an upload (no task) or a task's output file; its bytes are in the object store. */
public record StoredFile(UUID id, String fileName, String contentType, long sizeBytes, String storageKey) {
}
