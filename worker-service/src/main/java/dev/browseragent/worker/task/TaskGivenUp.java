package dev.browseragent.worker.task;

import java.util.UUID;

/** Thrown into the agent loop when this worker no longer holds the task; ends the run without writing a result. */
class TaskGivenUp extends RuntimeException {

    TaskGivenUp(UUID taskId) {
        super("Task " + taskId + " is no longer held by this worker", null, false, false);
    }
}
