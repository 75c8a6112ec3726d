package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * A record on the {@link Topics#TASK_EVENTS} topic: a task changed status, or recorded a step.
 *
 * @param type   {@code status} or {@code step}
 * @param status the task's status after the change
 * @param step   the 1-based step number, for {@code step} events
 * @param reason why a task failed, for {@code failed} status events
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskEvent(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("type") String type,
        @JsonProperty("status") TaskStatus status,
        @JsonProperty("step") Integer step,
        @JsonProperty("reason") String reason,
        @JsonProperty("timestamp") Instant timestamp) {

    public static final String STATUS = "status";
    public static final String STEP = "step";

    public static TaskEvent status(UUID taskId, TaskStatus status, String reason) {
        return new TaskEvent(taskId, STATUS, status, null, reason, Instant.now());
    }

    public static TaskEvent step(UUID taskId, TaskStatus status, int step) {
        return new TaskEvent(taskId, STEP, status, step, null, Instant.now());
    }
}
