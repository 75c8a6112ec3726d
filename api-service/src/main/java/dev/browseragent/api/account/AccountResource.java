package dev.browseragent.api.account;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.openapi.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller's own account: {@code GET /me} and {@code GET /balance}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class AccountResource {

    /** {@code {"balance": "<cents>"}}; {@code "unlimited"} for an account without a credit limit (ours). */
    public record Balance(String balance) {
    }

    private final CurrentAccount account;
    private final CreditBalances balances;

    public AccountResource(CurrentAccount account, CreditBalances balances) {
        this.account = account;
        this.balances = balances;
    }

    /** {@code true} for a valid key; a bad key never gets here (401 with the body {@code false}). */
    @GET
    @Path("/me")
    @APIResponse(responseCode = "401", description = "The API key is missing or invalid",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    public boolean me() {
        return true;
    }

    @GET
    @Path("/balance")
    public Uni<Balance> balance() {
        return balances.of(account.id()).map(cents -> new Balance(cents == null ? "unlimited"
                : cents.stripTrailingZeros().toPlainString()));
    }
}
