package dev.browseragent.api.auth;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.ErrorMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/** Authenticates every {@code /api/v1} request by its API key ({@link ApiKeyAuthentication}). */
public class ApiKeyFilter {

    private static final String API_PREFIX = "/api/v1/";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/ping", "/api/v1/openapi.json");

    private final ApiKeyAuthentication authentication;
    private final CurrentAccount account;

    public ApiKeyFilter(ApiKeyAuthentication authentication, CurrentAccount account) {
        this.authentication = authentication;
        this.account = account;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest connection) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(API_PREFIX) || PUBLIC_PATHS.contains(path)) {
            return Uni.createFrom().nullItem();
        }
        return authentication.authenticate(request::getHeaderString, connection.remoteAddress().hostAddress())
                .map(plan -> {
                    account.set(plan);
                    return (Response) null;
                })
                .onFailure(ApiException.class).recoverWithItem(refusal -> refused(path, (ApiException) refusal));
    }

    /** {@code GET /me} answers a bad key with the body {@code false}, as v1 did; every other path with a detail. */
    private static Response refused(String path, ApiException refusal) {
        if (refusal.status() == 401 && path.equals("/api/v1/me")) {
            return Response.status(401).type("application/json").entity("false").build();
        }
        return ErrorMappers.response(refusal);
    }
}
