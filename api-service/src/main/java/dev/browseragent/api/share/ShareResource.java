package dev.browseragent.api.share;

import dev.browseragent.api.openapi.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @APIResponse(responseCode = "200", description = "The task's read-only page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> page(@PathParam("token") String token) {
        return shares.find(token).map(task -> Response.ok(SharePage.render(task))
                .type("text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("Referrer-Policy", "no-referrer")
                .build());
    }
}
