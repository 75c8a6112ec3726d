package dev.browseragent.worker.lease;

import java.util.UUID;
import java.util.function.Consumer;

/** This worker's hold on one running task; released when the run ends. */
public final class Lease implements AutoCloseable {

    private final UUID taskId;
    private final Consumer<UUID> onRelease;
    private volatile boolean revoked;

    Lease(UUID taskId, Consumer<UUID> onRelease) {
        this.taskId = taskId;
        this.onRelease = onRelease;
    }

    public UUID taskId() {
        return taskId;
    }

    /** True once the database said the task is no longer ours. */
    public boolean isRevoked() {
        return revoked;
    }

    void revoke() {
        revoked = true;
    }

    @Override
    public void close() {
        onRelease.accept(taskId);
    }
}
