package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.model.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The v1 task object of {@code GET /api/v1/task/{task_id}}. JSON names are the snake_case of these.
 * {@code failure_reason} is ours: v1 had no field saying why a task failed, and clients ignore fields they do not
 * know.
 */
public record TaskView(
        UUID id,
        String task,
        @Schema(nullable = true) String liveUrl,
        @Schema(nullable = true) String output,
        TaskStatus status,
        Instant createdAt,
        @Schema(nullable = true) Instant finishedAt,
        List<StepView> steps,
        @Schema(ref = ApiDocument.BROWSER_DATA) JsonNode browserData,
        @Schema(nullable = true) List<String> userUploadedFiles,
        @Schema(nullable = true) List<String> outputFiles,
        @Schema(nullable = true) String publicShareUrl,
        @Schema(nullable = true) Map<String, String> metadata,
        @Schema(nullable = true) String failureReason) {

    public record StepView(UUID id, int step, String evaluationPreviousGoal, String nextGoal, String url) {
    }

    /** A task as {@code GET /tasks} lists it. */
    public record Summary(UUID id, String task, @Schema(nullable = true) String output, TaskStatus status,
                          Instant createdAt, @Schema(nullable = true) Instant finishedAt,
                          @Schema(nullable = true) String liveUrl) {
    }

    /** v1 timestamps carry milliseconds; PostgreSQL keeps microseconds. */
    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
