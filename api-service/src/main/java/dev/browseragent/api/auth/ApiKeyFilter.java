package dev.browseragent.api.auth;

import dev.browseragent.api.error.ErrorMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Authenticates every {@code /api/v1} request by its API key, sent as {@code Authorization: Bearer <key>} or
 * {@code X-Browser-Use-API-Key: <key>} (the official SDKs send both), then applies the plan's request rate.
 */
public class ApiKeyFilter {

    static final String KEY_HEADER = "X-Browser-Use-API-Key";
    private static final String UNAUTHORIZED = "Invalid or missing API key";
    private static final String API_PREFIX = "/api/v1/";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/ping", "/api/v1/openapi.json");

    private final ApiKeyLookup keys;
    private final CurrentAccount account;
    private final RequestRateLimiter rateLimiter;
    private final FailedAuthentications failures;

    public ApiKeyFilter(ApiKeyLookup keys, CurrentAccount account, RequestRateLimiter rateLimiter,
                        FailedAuthentications failures) {
        this.keys = keys;
        this.account = account;
        this.rateLimiter = rateLimiter;
        this.failures = failures;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest connection) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(API_PREFIX) || PUBLIC_PATHS.contains(path)) {
            return Uni.createFrom().nullItem();
        }
        String key = presentedKey(request);
        if (key == null) {
            return Uni.createFrom().item(unauthorized(path));
        }
        String address = connection.remoteAddress().hostAddress();
        OptionalLong refusedFor = failures.refusedFor(address);
        if (refusedFor.isPresent()) {
            return Uni.createFrom().item(ErrorMappers.tooManyRequests(
                    "Too many requests with an invalid API key from this address", refusedFor.getAsLong()));
        }
        return keys.byKeyHash(ApiKeys.hash(key)).map(plan -> accept(plan, path, address));
    }

    private Response accept(Optional<AccountPlan> plan, String path, String address) {
        if (plan.isEmpty()) {
            failures.failed(address);
            return unauthorized(path);
        }
        account.set(plan.get());
        OptionalLong retryAfter = rateLimiter.acquire(plan.get());
        if (retryAfter.isPresent()) {
            return ErrorMappers.tooManyRequests("Too many requests: the plan allows "
                    + plan.get().requestsPerMinute() + " requests a minute", retryAfter.getAsLong());
        }
        return null;
    }

    /** {@code GET /me} answers a bad key with the body {@code false}, as v1 did; every other path with a detail. */
    private static Response unauthorized(String path) {
        if (path.equals("/api/v1/me")) {
            return Response.status(401).type("application/json").entity("false").build();
        }
        return ErrorMappers.detail(401, UNAUTHORIZED);
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String header = request.getHeaderString(KEY_HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }
}
