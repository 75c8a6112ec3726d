package dev.browseragent.api.webhook;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The account owner's view of its webhook deliveries and their failures, newest first. */
@Path("/api/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class WebhookDeliveriesResource {

    private final CurrentAccount account;
    private final WebhookDeliveries deliveries;

    public WebhookDeliveriesResource(CurrentAccount account, WebhookDeliveries deliveries) {
        this.account = account;
        this.deliveries = deliveries;
    }

    @GET
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Uni<WebhookDeliveries.Page> list(@QueryParam("page") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_NUMBER)) String page, @QueryParam("limit") @Parameter(schema = @Schema(ref = ApiDocument.PAGE_SIZE)) String limit) {
        Paging paging = Paging.of(page, limit);
        return deliveries.page(account.id(), paging.page(), paging.limit());
    }
}
