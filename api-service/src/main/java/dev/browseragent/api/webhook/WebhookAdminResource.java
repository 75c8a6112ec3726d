package dev.browseragent.api.webhook;

import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Map;
import java.util.UUID;

/**
 * The operator's webhook settings of an account, and its deliveries; the admin token guards them (AdminTokenFilter).
 * The class path is that of the other account resources, so that neither hides the other's methods.
 */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
public class WebhookAdminResource {

    private final WebhookService webhooks;
    private final WebhookDeliveries deliveries;

    public WebhookAdminResource(WebhookService webhooks, WebhookDeliveries deliveries) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** Sets the webhook (answering its URL, never the secret) and sends it the {@code test} event. */
    @PUT
    @Path("/{account_id}/webhook")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The webhook is set; its URL, never the secret")
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<Map<String, String>> set(@PathParam("account_id") UUID accountId,
                                        @NotNull @Valid WebhookSettings settings) {
        return webhooks.set(accountId, settings).replaceWith(Map.of("url", settings.url()));
    }

    @DELETE
    @Path("/{account_id}/webhook")
    @APIResponse(responseCode = "204", description = "The webhook is removed")
    public Uni<Void> remove(@PathParam("account_id") UUID accountId) {
        return webhooks.remove(accountId);
    }

    @GET
    @Path("/{account_id}/webhook-deliveries")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<WebhookDeliveries.Page> deliveries(@PathParam("account_id") UUID accountId,
                                                  @QueryParam("page") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_NUMBER)) String page,
                                                  @QueryParam("limit") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_SIZE)) String limit) {
        Paging paging = Paging.of(page, limit);
        return deliveries.page(accountId, paging.page(), paging.limit());
    }
}
