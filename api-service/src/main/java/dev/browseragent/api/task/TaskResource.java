package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.idempotency.IdempotencyKeys;
import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Paging;
import dev.browseragent.api.validation.Problems;
import dev.browseragent.api.validation.QueryParams;
import dev.browseragent.api.validation.StrictJson;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Map;
import java.util.UUID;

/** The v1 task endpoints. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class TaskResource {

    private final TaskSubmission submission;
    private final TaskService tasks;
    private final CurrentAccount account;
    private final StrictJson json;
    private final IdempotencyKeys idempotencyKeys;

    public TaskResource(TaskSubmission submission, TaskService tasks, CurrentAccount account, StrictJson json,
                        IdempotencyKeys idempotencyKeys) {
        this.submission = submission;
        this.tasks = tasks;
        this.account = account;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
    }

    /**
     * Validates and stores the task, and answers with its id as soon as that is committed; the run is async. The
     * body is read as bytes and validated by {@link RunTaskValidator}: Jackson's binding would coerce types. With an
     * {@code Idempotency-Key}, a repeated request answers the task the first one created.
     */
    @POST
    @Path("/run-task")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "402", ref = ApiDocument.PAYMENT_REQUIRED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was already used with another body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiDocument.HTTP_ERROR)))
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<TaskCreated> runTask(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RunTaskRequest.class))) byte[] body,
            @HeaderParam(IdempotencyKeys.HEADER)
            @Parameter(schema = @Schema(minLength = 1, maxLength = IdempotencyKeys.MAX_LENGTH)) String idempotencyKey) {
        JsonNode request = json.parse(body, Loc.of("body"));
        return idempotencyKeys.create(account.id(), idempotencyKey, request,
                        key -> submission.submit(account.id(), request, key))
                .map(TaskCreated::new);
    }

    @GET
    @Path("/task/{task_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<TaskView> task(@PathParam("task_id") String taskId) {
        return tasks.find(account.id(), taskId);
    }

    /** A bare JSON string, e.g. {@code "running"}. */
    @GET
    @Path("/task/{task_id}/status")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<TaskStatus> status(@PathParam("task_id") String taskId) {
        return tasks.status(account.id(), taskId);
    }

    @GET
    @Path("/tasks")
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<TaskPage> list(@QueryParam("page") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_NUMBER)) String page,
                              @QueryParam("limit") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_SIZE)) String limit,
                              @QueryParam("status") @Parameter(schema = @Schema(implementation = TaskStatus.class))
                              String status) {
        Paging paging = Paging.of(page, limit);
        Problems problems = new Problems();
        TaskStatus only = QueryParams.status(status, "status", problems);
        problems.throwIfAny();
        return tasks.list(account.id(), paging.page(), paging.limit(), only);
    }

    @PUT
    @Path("/stop-task")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, Object>> stop(@QueryParam("task_id") @Parameter(required = true) String taskId) {
        return control(taskId, TaskService::stop);
    }

    @PUT
    @Path("/stop-task/{task_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Map<String, Object>> stopByPath(@PathParam("task_id") String taskId) {
        return control(taskId, TaskService::stop);
    }

    @PUT
    @Path("/pause-task")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, Object>> pause(@QueryParam("task_id") @Parameter(required = true) String taskId) {
        return control(taskId, TaskService::pause);
    }

    @PUT
    @Path("/pause-task/{task_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    public Uni<Map<String, Object>> pauseByPath(@PathParam("task_id") String taskId) {
        return control(taskId, TaskService::pause);
    }

    @PUT
    @Path("/resume-task")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, Object>> resume(@QueryParam("task_id") @Parameter(required = true) String taskId) {
        return control(taskId, TaskService::resume);
    }

    @PUT
    @Path("/resume-task/{task_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    public Uni<Map<String, Object>> resumeByPath(@PathParam("task_id") String taskId) {
        return control(taskId, TaskService::resume);
    }

    @PUT
    @Path("/take-control-task")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, Object>> takeControl(@QueryParam("task_id") @Parameter(required = true) String taskId) {
        return control(taskId, TaskService::takeControl);
    }

    @PUT
    @Path("/release-control-task")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, Object>> releaseControl(@QueryParam("task_id") @Parameter(required = true) String taskId) {
        return control(taskId, TaskService::releaseControl);
    }

    /** Records the request (the worker holding the task acts on it) and answers {@code {}}. */
    private Uni<Map<String, Object>> control(String taskId, Control change) {
        Problems problems = new Problems();
        QueryParams.required(taskId, "task_id", problems);
        problems.throwIfAny();
        return change.apply(tasks, account.id(), taskId).replaceWith(Map.of());
    }

    @FunctionalInterface
    private interface Control {
        Uni<Void> apply(TaskService tasks, UUID accountId, String taskId);
    }
}
