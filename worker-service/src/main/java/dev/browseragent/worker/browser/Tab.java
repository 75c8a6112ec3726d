package dev.browseragent.worker.browser;

/** An open tab as the model sees it: a short id (for {@code switch} and {@code close}), its URL and title. */
public record Tab(String id, String url, String title) {
}
