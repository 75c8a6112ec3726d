package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * A record on the {@link Topics#TASK_EVENTS} topic: a task changed status, or recorded a step. A published
 * contract: its JSON Schema is {@value #SCHEMA} in this module's resources, and every record says which version of
 * it it follows ({@code schema_version}); fields are only ever added within a version.
 *
 * @param type    {@code status} or {@code step}
 * @param status  the task's status after the change
 * @param step    the 1-based step number, for {@code step} events
 * @param stepId  the step's id (as {@code GET /api/v1/task/{id}} shows it), for {@code step} events
 * @param reason  why a task failed, for {@code failed} status events
 * @param control {@value #CONTROL_TAKEN} or {@value #CONTROL_RELEASED} for the status events of a person taking and
 *                handing back the browser
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "schema_version", allowGetters = true)
public record TaskEvent(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("type") String type,
        @JsonProperty("status") TaskStatus status,
        @JsonProperty("step") Integer step,
        @JsonProperty("step_id") UUID stepId,
        @JsonProperty("reason") String reason,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("control") String control) {

    public static final String STATUS = "status";
    public static final String STEP = "step";
    public static final String CONTROL_TAKEN = "taken";
    public static final String CONTROL_RELEASED = "released";
    public static final int SCHEMA_VERSION = 1;
    public static final String SCHEMA = "schemas/task-event.v1.json";

    /** Written with every record, so a consumer can tell which schema version to read it by. */
    @JsonProperty("schema_version")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public static TaskEvent status(UUID taskId, TaskStatus status, String reason) {
        return new TaskEvent(taskId, STATUS, status, null, null, reason, Instant.now(), null);
    }

    public static TaskEvent step(UUID taskId, TaskStatus status, int step, UUID stepId) {
        return new TaskEvent(taskId, STEP, status, step, stepId, null, Instant.now(), null);
    }

    /** This event, saying that a person took ({@value #CONTROL_TAKEN}) or handed back the browser; null: neither. */
    public TaskEvent withControl(String control) {
        return new TaskEvent(taskId, type, status, step, stepId, reason, timestamp, control);
    }
}
