package dev.browseragent.api.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.browseragent.api.task.TaskView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/**
 * What {@code run_task} answers: the new task's id, as {@code POST /run-task} does, and when it waited
 * ({@code wait_for_result}) the task as {@code get_task} gives it then, ended or still running.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTaskResult(UUID id, @Schema(nullable = true) TaskView task) {
}
