package dev.browseragent.api.error;

/** The v1 error body for everything but 422: {@code {"detail": "Task not found"}}. */
public record ErrorBody(String detail) {
}
