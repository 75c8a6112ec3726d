package dev.browseragent.api.auth;

import dev.browseragent.api.error.ErrorMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;
import java.util.UUID;

/**
 * Authenticates every {@code /api/v1} request by its API key, sent as {@code Authorization: Bearer <key>} or
 * {@code X-Browser-Use-API-Key: <key>} (the official SDKs send both).
 */
public class ApiKeyFilter {

    static final String KEY_HEADER = "X-Browser-Use-API-Key";
    private static final String UNAUTHORIZED = "Invalid or missing API key";
    private static final String API_PREFIX = "/api/v1/";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/ping");

    private final Pool pool;
    private final CurrentAccount account;

    public ApiKeyFilter(Pool pool, CurrentAccount account) {
        this.pool = pool;
        this.account = account;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(API_PREFIX) || PUBLIC_PATHS.contains(path)) {
            return Uni.createFrom().nullItem();
        }
        String key = presentedKey(request);
        if (key == null) {
            return Uni.createFrom().item(unauthorized(path));
        }
        return pool.preparedQuery("select a.id from api_keys k join accounts a on a.id = k.account_id where k.key_hash = $1")
                .execute(Tuple.of(ApiKeys.hash(key)))
                .map(rows -> accept(rows, path));
    }

    private Response accept(RowSet<Row> rows, String path) {
        if (rows.size() == 0) {
            return unauthorized(path);
        }
        account.set(rows.iterator().next().getUUID("id"));
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
