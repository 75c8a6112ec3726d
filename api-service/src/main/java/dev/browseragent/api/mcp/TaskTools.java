package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.task.TaskPage;
import dev.browseragent.api.task.TaskService;
import dev.browseragent.api.task.TaskSubmission;
import dev.browseragent.api.task.TaskView;
import dev.browseragent.api.validation.JsonRules;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Paging;
import dev.browseragent.api.validation.Problems;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The task tools of the MCP server: the v1 task endpoints for an AI assistant, each through the service
 * {@code TaskResource} uses, for the account whose key the request carries, with the same refusals as tool errors
 * ({@link ToolCalls}). Every result is the HTTP API's JSON, as structured content with an output schema.
 */
public class TaskTools {

    static final String WAIT_FOR_RESULT = "wait_for_result";
    /** How often a waiting {@code run_task} looks at its task: well under the time a step takes. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final TaskSubmission submission;
    private final TaskService tasks;
    private final McpAuthentication caller;
    private final ObjectMapper json;
    private final Duration maxWait;

    public TaskTools(TaskSubmission submission, TaskService tasks, McpAuthentication caller, ObjectMapper json,
                     ApiConfig config) {
        this.submission = submission;
        this.tasks = tasks;
        this.caller = caller;
        this.json = json;
        this.maxWait = config.mcp().maxWait();
    }

    /**
     * The arguments are the run-task body and go through {@code POST /run-task}'s code path as they came, so every
     * rule and message is the API's; only {@code wait_for_result} is this tool's own. The input schema is
     * {@link RunTaskArguments}'.
     */
    @Tool(name = "run_task", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = RunTaskArguments.class),
            annotations = @Tool.Annotations(title = "Run a browser task", destructiveHint = false),
            description = """
                    Starts a browser agent on a task written in plain language ("Find the cheapest flight from \
                    Paris to Rome next Friday", "Log in to example.com and download the latest invoice"); an AI \
                    agent carries it out in a real browser. Answers the new task's id at once; with \
                    wait_for_result it waits for the task to end (up to a limit, then it answers the task still \
                    running) and answers the task with its steps and output. Poll a running task with get_task.""")
    Uni<RunTaskResult> runTask(RawMessage message) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> {
            ObjectNode body = ToolCalls.arguments(message, json);
            boolean wait = waitForResult(body);
            return submission.submit(accountId, body)
                    .chain(id -> wait ? waitedFor(accountId, id) : Uni.createFrom().item(new RunTaskResult(id, null)));
        });
    }

    @Tool(name = "get_task", structuredContent = true,
            annotations = @Tool.Annotations(title = "Get a task", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false),
            description = """
                    A task as it stands: its status (created, running, paused, finished, failed, stopped), its \
                    steps so far (url, evaluation_previous_goal, next_goal), its output once it ended, and \
                    failure_reason when it failed.""")
    Uni<TaskView> getTask(
            @ToolArg(name = "task_id", description = "The task's id, as run_task answered it") String taskId) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> tasks.find(accountId, taskId));
    }

    @Tool(name = "list_tasks", structuredContent = true,
            annotations = @Tool.Annotations(title = "List tasks", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false),
            description = "The account's tasks, newest first, a page at a time.")
    Uni<TaskPage> listTasks(
            @ToolArg(name = "page", description = "The page, from 1; 1 when left out", required = false) Integer page,
            @ToolArg(name = "limit", description = "Tasks a page, 1 to 100; 10 when left out", required = false)
            Integer limit) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> {
            Paging paging = Paging.of(Objects.toString(page, null), Objects.toString(limit, null));
            return tasks.list(accountId, paging.page(), paging.limit(), null);
        });
    }

    @Tool(name = "stop_task", structuredContent = true,
            annotations = @Tool.Annotations(title = "Stop a task", idempotentHint = true, openWorldHint = false),
            description = "Stops a task for good: a waiting task never runs, a running or paused one ends as stopped. "
                    + "A task that already ended stays as it is.")
    Uni<ControlledTask> stopTask(@ToolArg(name = "task_id", description = "The task's id") String taskId) {
        return control(taskId, tasks::stop);
    }

    @Tool(name = "pause_task", structuredContent = true,
            annotations = @Tool.Annotations(title = "Pause a task", destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            description = "Pauses a running task; its browser is kept, and resume_task lets it go on.")
    Uni<ControlledTask> pauseTask(@ToolArg(name = "task_id", description = "The task's id") String taskId) {
        return control(taskId, tasks::pause);
    }

    @Tool(name = "resume_task", structuredContent = true,
            annotations = @Tool.Annotations(title = "Resume a task", destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            description = "Lets a paused task go on.")
    Uni<ControlledTask> resumeTask(@ToolArg(name = "task_id", description = "The task's id") String taskId) {
        return control(taskId, tasks::resume);
    }

    /** Records the change as the HTTP endpoint does, then answers the status it left. */
    private Uni<ControlledTask> control(String taskId, BiFunction<UUID, String, Uni<Void>> change) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> change.apply(accountId, taskId)
                .chain(() -> tasks.status(accountId, taskId))
                .map(status -> new ControlledTask(taskId, status)));
    }


    /** Takes {@code wait_for_result} out of the body, read as strictly as a run-task field. */
    private static boolean waitForResult(ObjectNode body) {
        JsonNode value = body.remove(WAIT_FOR_RESULT);
        if (value == null || value.isNull()) {
            return false;
        }
        Problems problems = new Problems();
        Boolean wait = JsonRules.bool().read(value, Loc.of("body", WAIT_FOR_RESULT), problems);
        problems.throwIfAny();
        return wait;
    }

    /** The task once it ended, or as it stands when the wait limit passed. */
    private Uni<RunTaskResult> waitedFor(UUID accountId, UUID id) {
        return tasks.awaitEnd(id, POLL_INTERVAL, maxWait)
                .chain(() -> tasks.find(accountId, id.toString()))
                .map(task -> new RunTaskResult(id, task));
    }
}
