package dev.browseragent.api.task;

import java.util.List;

/** One page of {@code GET /tasks}, newest first. */
public record TaskPage(List<TaskView.Summary> tasks, long totalPages, int page, int limit, long totalCount) {
}
