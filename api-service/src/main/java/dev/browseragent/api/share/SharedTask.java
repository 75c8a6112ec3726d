package dev.browseragent.api.share;

import java.time.Instant;
import java.util.List;

/** What the public share page shows of a task: no metadata, files or secrets. */
public record SharedTask(String task, String status, String output, String failureReason, Instant createdAt,
                         Instant finishedAt, List<Step> steps) {

    public record Step(int step, String evaluationPreviousGoal, String nextGoal, String url) {
    }
}
