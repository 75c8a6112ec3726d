package dev.browseragent.worker.repository;

import java.util.List;
import java.util.UUID;

/** What one reaper pass did: tasks dispatched again after an expired lease, and tasks failed at the attempt limit. */
public record ReapedTasks(List<UUID> requeued, List<UUID> failed) {
}
