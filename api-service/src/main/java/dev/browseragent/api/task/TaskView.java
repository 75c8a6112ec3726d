package dev.browseragent.api.task;

import dev.browseragent.model.TaskStatus;

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
        String liveUrl,
        String output,
        TaskStatus status,
        Instant createdAt,
        Instant finishedAt,
        List<StepView> steps,
        BrowserData browserData,
        List<String> userUploadedFiles,
        List<String> outputFiles,
        String publicShareUrl,
        Map<String, String> metadata,
        String failureReason) {

    public record StepView(UUID id, int step, String evaluationPreviousGoal, String nextGoal, String url) {
    }

    public record BrowserData(List<Map<String, Object>> cookies) {
    }

    static TaskView of(TaskEntity task, List<StepEntity> steps) {
        return new TaskView(task.id, task.task, null, task.output, task.status, millis(task.createdAt),
                millis(task.finishedAt),
                steps.stream().map(s -> new StepView(s.id, s.step, s.evaluationPreviousGoal, s.nextGoal, s.url)).toList(),
                null, null, null, null, task.metadata, task.failureReason);
    }

    /** v1 timestamps carry milliseconds; PostgreSQL keeps microseconds. */
    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
