package dev.browseragent.api.file;

/** A task's output file by name, with a signed URL that downloads it without a key. */
public record OutputFile(String fileName, String downloadUrl) {
}
