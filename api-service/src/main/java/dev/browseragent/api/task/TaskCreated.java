package dev.browseragent.api.task;

import java.util.UUID;

/** The answer to {@code POST /api/v1/run-task}. */
public record TaskCreated(UUID id) {
}
