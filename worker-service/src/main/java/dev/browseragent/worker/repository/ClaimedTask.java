package dev.browseragent.worker.repository;

import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.lifecycle.RunClaim;

import java.util.UUID;

/** A task this worker holds the claim on: what the agent needs to run it, and the claim that fences its writes. */
public record ClaimedTask(RunClaim claim, String task, String llmModel, int maxAgentSteps, TaskOptions options,
                          String resumeUrl) {

    public UUID id() {
        return claim.taskId();
    }

    public int attempt() {
        return claim.attempt();
    }
}
