package dev.browseragent.api.profile;

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
 * The v1 browser profile endpoints. Bodies come in as JSON objects and are checked after merging (see
 * {@link RequestBodies}), so each method takes the body first.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private final ProfileService profiles;
    private final CurrentAccount account;

    public ProfileResource(ProfileService profiles, CurrentAccount account) {
        this.profiles = profiles;
        this.account = account;
    }

    @POST
    @Path("/browser-profiles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProfileView> create(@NotNull ObjectNode body) {
        return profiles.create(account.id(), body);
    }

    @GET
    @Path("/browser-profiles")
    public Uni<ProfileList> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        return profiles.list(account.id(), Paging.of(page, limit));
    }

    @GET
    @Path("/browser-profiles/{profile_id}")
    public Uni<ProfileView> find(@PathParam("profile_id") String profileId) {
        return profiles.find(account.id(), profileId);
    }

    @PUT
    @Path("/browser-profiles/{profile_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProfileView> update(@NotNull ObjectNode body, @PathParam("profile_id") String profileId) {
        return profiles.update(account.id(), profileId, body);
    }

    @DELETE
    @Path("/browser-profiles/{profile_id}")
    public Uni<Map<String, Object>> delete(@PathParam("profile_id") String profileId) {
        return profiles.delete(account.id(), profileId).replaceWith(Map.of());
    }
}
