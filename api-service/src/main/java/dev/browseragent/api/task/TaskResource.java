package dev.browseragent.api.task;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.idempotency.IdempotencyKeys;
import dev.browseragent.api.outbox.OutboxRelay;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The v1 task endpoints. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final CurrentAccount account;
    private final OutboxRelay outboxRelay;
    private final IdempotencyKeys idempotencyKeys;

    public TaskResource(TaskService tasks, CurrentAccount account, OutboxRelay outboxRelay,
                        IdempotencyKeys idempotencyKeys) {
        this.tasks = tasks;
        this.account = account;
        this.outboxRelay = outboxRelay;
        this.idempotencyKeys = idempotencyKeys;
    }

    /**
     * Validates and stores the task, and answers with its id as soon as that is committed; the run is async. With
     * an {@code Idempotency-Key}, a repeated request answers the task the first one created.
     */
    @POST
    @Path("/run-task")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TaskCreated> runTask(@NotNull @Valid RunTaskRequest request,
                                    @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        return idempotencyKeys.create(account.id(), idempotencyKey, request, () -> tasks.create(account.id(), request))
                .invoke(outboxRelay::publishSoon)
                .map(TaskCreated::new);
    }

    @GET
    @Path("/task/{task_id}")
    public Uni<TaskView> task(@PathParam("task_id") String taskId) {
        return tasks.find(account.id(), taskId);
    }

    /** A bare JSON string, e.g. {@code "running"}. */
    @GET
    @Path("/task/{task_id}/status")
    public Uni<TaskStatus> status(@PathParam("task_id") String taskId) {
        return tasks.status(account.id(), taskId);
    }
}
