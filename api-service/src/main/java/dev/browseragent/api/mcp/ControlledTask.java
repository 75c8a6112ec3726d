package dev.browseragent.api.mcp;

import dev.browseragent.model.TaskStatus;

/**
 * What {@code stop_task}, {@code pause_task} and {@code resume_task} answer: the task's status once the request is
 * recorded ({@code stopped}, {@code paused}, {@code running}, or {@code created} for a resumed task that waits for a
 * new run), so the model need not ask again; a task that had already ended keeps its end state.
 */
public record ControlledTask(String id, TaskStatus status) {
}
