package dev.browseragent.model.lifecycle;

import java.util.UUID;

/**
 * Who holds one attempt of a task: the fence every write of the run checks (worker, attempt, an unexpired lease),
 * so a worker that lost its claim, or an earlier attempt of the same worker, can never overwrite the task.
 */
public record RunClaim(UUID taskId, String workerId, int attempt) {
}
