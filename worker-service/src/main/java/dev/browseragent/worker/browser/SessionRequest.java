package dev.browseragent.worker.browser;

import java.util.UUID;

/** What a task needs of the browser it is handed: whose it is and its viewport. */
public record SessionRequest(UUID taskId, int viewportWidth, int viewportHeight) {
}
