package dev.browseragent.api.share;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.openapi.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code GET /share/{token}}: the public, read-only page of a task created with {@code enable_public_share}, and
 * {@code GET /share/{token}/state}, the same content as JSON, which the page's script polls while the task runs. No
 * API key: the token is the permission. Neither is for search engines.
 */
@Path("/share")
public class ShareResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShareService shares;
    /** Where the signed screenshot and GIF URLs point: the public base URL, which may not be the page's origin. */
    private final String imageSources;

    public ShareResource(ShareService shares, ApiConfig config) {
        this.shares = shares;
        this.imageSources = imageSources(config.publicBaseUrl());
    }

    @GET
    @Path("/{token}")
    @APIResponse(responseCode = "200", description = "The task's read-only page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> page(@PathParam("token") String token) {
        return shares.find(token).map(task -> {
            String nonce = nonce();
            return shareHeaders(Response.ok(SharePage.render(task, token, nonce)))
                    .type("text/html; charset=utf-8")
                    // Only the page's own style and script (by nonce), images from this service, its own JSON and
                    // the live view: a payload that slipped through escaping would still run nothing.
                    .header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                            + nonce + "'; img-src " + imageSources + "; connect-src 'self'; frame-src 'self';"
                            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                    .build();
        });
    }

    @GET
    @Path("/{token}/state")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The shared task as its page shows it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SharedTask.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> state(@PathParam("token") String token) {
        return shares.find(token).map(task -> shareHeaders(Response.ok(task)).build());
    }

    /** Not indexed, not cached (the content changes while the task runs), and the token never sent on as a referrer. */
    private static Response.ResponseBuilder shareHeaders(Response.ResponseBuilder response) {
        return response.header("X-Robots-Tag", "noindex, nofollow")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String imageSources(String publicBaseUrl) {
        try {
            URI base = new URI(publicBaseUrl);
            if (base.getScheme() == null || base.getHost() == null) {
                return "'self'";
            }
            return "'self' " + base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        } catch (URISyntaxException e) {
            return "'self'";
        }
    }
}
