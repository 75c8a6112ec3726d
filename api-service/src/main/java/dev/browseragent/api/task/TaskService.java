package dev.browseragent.api.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.outbox.Outbox;
import dev.browseragent.api.secret.SecretStorage;
import dev.browseragent.model.LlmModel;
import dev.browseragent.model.TaskDispatch;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.Topics;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** Creates tasks (row + dispatch in one transaction) and reads them back for their account. */
@ApplicationScoped
public class TaskService {

    static final int DEFAULT_MAX_AGENT_STEPS = 75;

    private final Outbox outbox;
    private final ObjectMapper json;
    private final SecretStorage secrets;

    public TaskService(Outbox outbox, ObjectMapper json, SecretStorage secrets) {
        this.outbox = outbox;
        this.json = json;
        this.secrets = secrets;
    }

    /**
     * Stores the task and its dispatch message in one transaction: once this completes, the task is durable and
     * will run, whatever happens to Kafka or this process.
     */
    @WithTransaction
    public Uni<UUID> create(UUID accountId, RunTaskRequest request) {
        rejectUnknownReferences(request);
        TaskEntity task = new TaskEntity();
        task.id = UUID.randomUUID();
        task.accountId = accountId;
        task.task = request.task;
        task.status = TaskStatus.CREATED;
        task.llmModel = Objects.requireNonNullElse(request.llmModel, LlmModel.DEFAULT.wireName());
        task.maxAgentSteps = Objects.requireNonNullElse(request.maxAgentSteps, DEFAULT_MAX_AGENT_STEPS);
        task.options = toJson(options(request));
        task.metadata = request.metadata;
        task.secrets = secrets.seal(request.secrets);
        task.createdAt = Instant.now();
        return task.persist()
                .chain(() -> outbox.enqueue(Topics.TASKS, task.id.toString(), new TaskDispatch(task.id, task.createdAt)))
                .chain(() -> outbox.enqueue(Topics.TASK_EVENTS, task.id.toString(),
                        TaskEvent.status(task.id, TaskStatus.CREATED, null)))
                .replaceWith(task.id);
    }

    @WithSession
    public Uni<TaskView> find(UUID accountId, String taskId) {
        return findTask(accountId, taskId).chain(task -> StepEntity.<StepEntity>list("taskId = ?1 order by step", task.id)
                .map(steps -> TaskView.of(task, steps)));
    }

    @WithSession
    public Uni<TaskStatus> status(UUID accountId, String taskId) {
        return findTask(accountId, taskId).map(task -> task.status);
    }

    /** Another account's task is "not found" too: ids must not reveal what exists. */
    private Uni<TaskEntity> findTask(UUID accountId, String taskId) {
        UUID id = parseId(taskId);
        return TaskEntity.<TaskEntity>findById(id)
                .map(task -> {
                    if (task == null || !task.accountId.equals(accountId)) {
                        throw ApiException.notFound("Task not found");
                    }
                    return task;
                });
    }

    private static UUID parseId(String taskId) {
        try {
            return UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Task not found");
        }
    }

    /**
     * Browser profiles and uploaded files have no store yet, so any reference to one names something the account
     * does not have: a 404 for the profile, a 422 per file, as the v1 rules say.
     */
    private static void rejectUnknownReferences(RunTaskRequest request) {
        if (request.browserProfileId != null) {
            throw ApiException.notFound("Browser profile not found");
        }
        if (request.includedFileNames != null && !request.includedFileNames.isEmpty()) {
            List<ValidationProblem> problems = new ArrayList<>();
            for (int i = 0; i < request.includedFileNames.size(); i++) {
                problems.add(new ValidationProblem(List.of("body", "included_file_names", i),
                        "file not found among the account's uploads", "value_error.file_not_found"));
            }
            throw new RequestValidationException(problems);
        }
    }

    private static TaskOptions options(RunTaskRequest request) {
        return new TaskOptions(
                request.allowedDomains,
                request.browserProfileId,
                Boolean.TRUE.equals(request.saveBrowserData),
                schemaText(request.structuredOutputJson),
                !Boolean.FALSE.equals(request.useAdblock),
                !Boolean.FALSE.equals(request.useProxy),
                request.proxyCountryCode == null ? TaskOptions.DEFAULT_PROXY_COUNTRY
                        : request.proxyCountryCode.toLowerCase(Locale.ROOT),
                !Boolean.FALSE.equals(request.highlightElements),
                request.includedFileNames,
                Objects.requireNonNullElse(request.browserViewportWidth, TaskOptions.DEFAULT_VIEWPORT_WIDTH),
                Objects.requireNonNullElse(request.browserViewportHeight, TaskOptions.DEFAULT_VIEWPORT_HEIGHT),
                Boolean.TRUE.equals(request.enablePublicShare));
    }

    /** The schema as the client wrote it when it sent text, else the object's JSON text. */
    private static String schemaText(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return null;
        }
        return schema.isTextual() ? schema.asText() : schema.toString();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task options are always serialisable", e);
        }
    }
}
