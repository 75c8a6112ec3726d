package dev.browseragent.api.share;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /share/{token}}: the public, read-only page of a task created with {@code enable_public_share}. No API
 * key: the token is the permission.
 */
@Path("/share")
public class ShareResource {

    private final ShareService shares;

    public ShareResource(ShareService shares) {
        this.shares = shares;
    }

    @GET
    @Path("/{token}")
    public Uni<Response> page(@PathParam("token") String token) {
        return shares.find(token).map(task -> Response.ok(SharePage.render(task))
                .type("text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("Referrer-Policy", "no-referrer")
                .build());
    }
}
