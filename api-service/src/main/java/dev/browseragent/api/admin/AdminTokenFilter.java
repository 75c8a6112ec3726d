package dev.browseragent.api.admin;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ErrorMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards everything under {@code /admin} (every admin resource, whoever adds it): {@code Authorization: Bearer
 * <browser-agent.admin-token>}. Without a configured token the admin API does not exist (404).
 */
public class AdminTokenFilter {

    private static final String ADMIN_PREFIX = "/admin/";

    private final Optional<byte[]> token;

    public AdminTokenFilter(ApiConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Response authorize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(ADMIN_PREFIX) && !path.equals("/admin")) {
            return null;
        }
        if (token.isEmpty()) {
            return ErrorMappers.detail(404, "Not Found");
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean valid = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(token.get(), authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        return valid ? null : ErrorMappers.detail(401, "Invalid or missing admin token");
    }
}
