package dev.browseragent.api.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.validation.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
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

import java.util.Map;

/**
 * The v1 scheduled task endpoints. Bodies are checked after merging (see
 * {@link dev.browseragent.api.profile.RequestBodies}), so each method takes the body first.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleService schedules;
    private final CurrentAccount account;

    public ScheduleResource(ScheduleService schedules, CurrentAccount account) {
        this.schedules = schedules;
        this.account = account;
    }

    @POST
    @Path("/scheduled-task")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ScheduleService.ScheduleCreated> create(@NotNull ObjectNode body) {
        return schedules.create(account.id(), body);
    }

    @GET
    @Path("/scheduled-tasks")
    public Uni<ScheduleService.ScheduleList> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        return schedules.list(account.id(), Paging.of(page, limit));
    }

    @GET
    @Path("/scheduled-task/{task_id}")
    public Uni<ObjectNode> find(@PathParam("task_id") String scheduleId) {
        return schedules.find(account.id(), scheduleId);
    }

    @PUT
    @Path("/scheduled-task/{task_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> update(@NotNull ObjectNode body, @PathParam("task_id") String scheduleId) {
        return schedules.update(account.id(), scheduleId, body);
    }

    @DELETE
    @Path("/scheduled-task/{task_id}")
    public Uni<Map<String, Object>> delete(@PathParam("task_id") String scheduleId) {
        return schedules.delete(account.id(), scheduleId).replaceWith(Map.of());
    }
}
