package dev.browseragent.worker.task;

import dev.browseragent.model.TaskOptions;

import java.util.UUID;

/** A task this worker holds the claim on: what the agent needs to run it. */
public record ClaimedTask(UUID id, String task, String llmModel, int maxAgentSteps, TaskOptions options, int attempt) {
}
