package dev.browseragent.api.profile;

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
 * The v1 browser profile endpoints. Bodies come in as JSON objects and are checked after merging (see
 * {@link RequestBodies}), so each method takes the body first.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class ProfileResource {

    private final ProfileService profiles;
    private final CurrentAccount account;
    private final StrictJson json;

    public ProfileResource(ProfileService profiles, CurrentAccount account, StrictJson json) {
        this.profiles = profiles;
        this.account = account;
        this.json = json;
    }

    @POST
    @Path("/browser-profiles")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ProfileView> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProfileSchemas.Create.class)))
            byte[] body) {
        return profiles.create(account.id(), json.parseObject(body, Loc.of("body")));
    }

    @GET
    @Path("/browser-profiles")
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ProfileList> list(@QueryParam("page") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_NUMBER)) String page,
                                 @QueryParam("limit") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_SIZE)) String limit) {
        return profiles.list(account.id(), Paging.of(page, limit));
    }

    @GET
    @Path("/browser-profiles/{profile_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<ProfileView> find(@PathParam("profile_id") String profileId) {
        return profiles.find(account.id(), profileId);
    }

    @PUT
    @Path("/browser-profiles/{profile_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<ProfileView> update(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProfileSchemas.Update.class)))
            byte[] body,
            @PathParam("profile_id") String profileId) {
        return profiles.update(account.id(), profileId, json.parseObject(body, Loc.of("body")));
    }

    @DELETE
    @Path("/browser-profiles/{profile_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Map<String, Object>> delete(@PathParam("profile_id") String profileId) {
        return profiles.delete(account.id(), profileId).replaceWith(Map.of());
    }
}
