package dev.browseragent.api.file;

/** {@code {"download_url": ...}} */
public record DownloadUrl(String downloadUrl) {
}
