package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * A record on the {@link Topics#TASKS} topic: "this task is ready to run". It carries no task data on purpose;
 * the worker claims the task in PostgreSQL, which decides who runs what.
 */
public record TaskDispatch(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("dispatched_at") Instant dispatchedAt) {
}
