package dev.browseragent.api.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Paging;
import dev.browseragent.api.validation.StrictJson;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/**
 * The v1 scheduled task endpoints. Bodies are checked after merging (see
 * {@link dev.browseragent.api.profile.RequestBodies}), so each method takes the body first.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class ScheduleResource {

    private final ScheduleService schedules;
    private final CurrentAccount account;
    private final StrictJson json;

    public ScheduleResource(ScheduleService schedules, CurrentAccount account, StrictJson json) {
        this.schedules = schedules;
        this.account = account;
        this.json = json;
    }

    @POST
    @Path("/scheduled-task")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ScheduleService.ScheduleCreated> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScheduledTaskSchemas.Create.class)))
            byte[] body) {
        return schedules.create(account.id(), json.parseObject(body, Loc.of("body")));
    }

    @GET
    @Path("/scheduled-tasks")
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ScheduleService.ScheduleList> list(@QueryParam("page") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_NUMBER)) String page,
                                                  @QueryParam("limit") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_SIZE)) String limit) {
        return schedules.list(account.id(), Paging.of(page, limit));
    }

    @GET
    @Path("/scheduled-task/{task_id}")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScheduledTaskSchemas.View.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<ObjectNode> find(@PathParam("task_id") String scheduleId) {
        return schedules.find(account.id(), scheduleId);
    }

    @PUT
    @Path("/scheduled-task/{task_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScheduledTaskSchemas.View.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ObjectNode> update(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScheduledTaskSchemas.Update.class)))
            byte[] body,
            @PathParam("task_id") String scheduleId) {
        return schedules.update(account.id(), scheduleId, json.parseObject(body, Loc.of("body")));
    }

    @DELETE
    @Path("/scheduled-task/{task_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Map<String, Object>> delete(@PathParam("task_id") String scheduleId) {
        return schedules.delete(account.id(), scheduleId).replaceWith(Map.of());
    }
}
