package dev.browseragent.api.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.UUID;

/** The operator's webhook settings of an account, and its deliveries; guarded by the admin token. */
@Path("/admin/accounts/{account_id}")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookAdminResource {

    private final AdminToken adminToken;
    private final WebhookService webhooks;
    private final WebhookDeliveries deliveries;

    public WebhookAdminResource(AdminToken adminToken, WebhookService webhooks, WebhookDeliveries deliveries) {
        this.adminToken = adminToken;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** Sets the webhook (answering its URL, never the secret) and sends it the {@code test} event. */
    @PUT
    @Path("/webhook")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, String>> set(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        @PathParam("account_id") UUID accountId,
                                        @NotNull @Valid WebhookSettings settings) {
        adminToken.check(authorization);
        return webhooks.set(accountId, settings).replaceWith(Map.of("url", settings.url()));
    }

    @DELETE
    @Path("/webhook")
    public Uni<Void> remove(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @PathParam("account_id") UUID accountId) {
        adminToken.check(authorization);
        return webhooks.remove(accountId);
    }

    @GET
    @Path("/webhook-deliveries")
    public Uni<WebhookDeliveries.Page> deliveries(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                  @PathParam("account_id") UUID accountId,
                                                  @QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                                  @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        adminToken.check(authorization);
        return deliveries.page(accountId, page, limit);
    }
}
