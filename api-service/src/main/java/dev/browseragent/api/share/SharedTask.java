package dev.browseragent.api.share;

import dev.browseragent.api.file.OutputFile;
import dev.browseragent.model.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What the public share page shows of a task, and the JSON its script polls ({@code GET /share/{token}/state}): no
 * metadata, uploads or secrets. Media and files come as signed URLs, which work without a key until they expire.
 *
 * @param ended         the task will not change again: the page stops polling
 * @param liveViewUrl   the read-only live view of the browser while the task is running or paused, else null
 * @param gifUrl        the steps' screenshots as an animated GIF, once the task has ended with at least one
 * @param recordingUrls the videos of the task's recorded runs, once the task has ended (docs/api.md, "Recordings")
 */
@Schema(name = "SharedTask")
public record SharedTask(String task, TaskStatus status, boolean ended, @Schema(nullable = true) String output,
                         @Schema(nullable = true) String failureReason, Instant createdAt,
                         @Schema(nullable = true) Instant finishedAt, List<Step> steps, List<OutputFile> outputFiles,
                         @Schema(nullable = true) String gifUrl, List<String> recordingUrls,
                         @Schema(nullable = true) String liveViewUrl) {

    /** A step as the v1 task object shows it, with its screenshot's signed URL (null when it has none). */
    @Schema(name = "SharedStep")
    public record Step(int step, String evaluationPreviousGoal, String nextGoal, String url,
                       @Schema(nullable = true) String screenshotUrl) {
    }
}
