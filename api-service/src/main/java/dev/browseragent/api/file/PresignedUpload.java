package dev.browseragent.api.file;

/** {@code {"upload_url": ...}}: where the client PUTs the file's bytes, with the Content-Type it declared. */
public record PresignedUpload(String uploadUrl) {
}
