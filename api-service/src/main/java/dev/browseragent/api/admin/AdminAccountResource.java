package dev.browseragent.api.admin;

import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.StrictJson;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The admin API for accounts, plans, credits and keys; guarded by {@link AdminTokenFilter}. */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operators only: Authorization: Bearer <browser-agent.admin-token>")
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
public class AdminAccountResource {

    public record AccountList(List<AccountAdministration.Account> accounts) {
    }

    public record KeyList(List<AccountAdministration.ApiKey> apiKeys) {
    }

    private final AccountAdministration accounts;
    private final StrictJson json;

    public AdminAccountResource(AccountAdministration accounts, StrictJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<AccountAdministration.Account> create(@RequestBody(content = @Content(schema = @Schema(implementation = AccountAdministration.AccountFields.class))) byte[] body) {
        return accounts.create(json.parse(body, Loc.of("body")));
    }

    @GET
    public Uni<AccountList> list() {
        return accounts.list().map(AccountList::new);
    }

    @GET
    @Path("/{account_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<AccountAdministration.Account> get(@PathParam("account_id") String accountId) {
        return accounts.get(accountId);
    }

    @PATCH
    @Path("/{account_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<AccountAdministration.Account> update(@PathParam("account_id") String accountId, @RequestBody(content = @Content(schema = @Schema(implementation = AccountAdministration.AccountFields.class))) byte[] body) {
        return accounts.update(accountId, json.parse(body, Loc.of("body")));
    }

    @POST
    @Path("/{account_id}/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<AccountAdministration.Account> addCredits(@PathParam("account_id") String accountId, @RequestBody(content = @Content(schema = @Schema(implementation = AccountAdministration.CreditChange.class))) byte[] body) {
        return accounts.addCredits(accountId, json.parse(body, Loc.of("body")));
    }

    @POST
    @Path("/{account_id}/api-keys")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<AccountAdministration.NewApiKey> createKey(@PathParam("account_id") String accountId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccountAdministration.KeyFields.class))) byte[] body) {
        return accounts.createKey(accountId, json.parse(body, Loc.of("body")));
    }

    @GET
    @Path("/{account_id}/api-keys")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<KeyList> keys(@PathParam("account_id") String accountId) {
        return accounts.keys(accountId).map(KeyList::new);
    }

    @DELETE
    @Path("/{account_id}/api-keys/{key_id}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Map<String, Object>> revokeKey(@PathParam("account_id") String accountId,
                                              @PathParam("key_id") String keyId) {
        return accounts.revokeKey(accountId, keyId).replaceWith(Map.of());
    }
}
