package dev.browseragent.api.webhook;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.validation.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The account owner's view of its webhook deliveries and their failures, newest first. */
@Path("/api/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    private final CurrentAccount account;
    private final WebhookDeliveries deliveries;

    public WebhookDeliveriesResource(CurrentAccount account, WebhookDeliveries deliveries) {
        this.account = account;
        this.deliveries = deliveries;
    }

    @GET
    public Uni<WebhookDeliveries.Page> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(page, limit);
        return deliveries.page(account.id(), paging.page(), paging.limit());
    }
}
