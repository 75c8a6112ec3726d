package dev.browseragent.worker.browser;

/** A file the browser finished downloading: its name in the download directory, and its size. */
public record FinishedDownload(String name, long bytes) {
}
