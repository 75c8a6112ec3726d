package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * A record on the {@link Topics#TASK_SUBMISSION_RESULTS} topic, keyed by the request id: either the task a
 * submission created ({@code task_id}), or why it was refused ({@code status_code} and {@code detail}, exactly what
 * {@code POST /api/v1/run-task} would have answered: a text, or for 422 the list of problems). Schema:
 * {@value #SCHEMA}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "schema_version", allowGetters = true)
public record TaskSubmissionResult(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status_code") Integer statusCode,
        @JsonProperty("detail") Object detail) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SCHEMA = "schemas/task-submission-result.v1.json";

    public static TaskSubmissionResult accepted(String requestId, UUID taskId) {
        return new TaskSubmissionResult(requestId, taskId, null, null);
    }

    public static TaskSubmissionResult refused(String requestId, int statusCode, Object detail) {
        return new TaskSubmissionResult(requestId, null, statusCode, detail);
    }

    @JsonProperty("schema_version")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
