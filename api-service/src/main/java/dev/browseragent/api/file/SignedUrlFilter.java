package dev.browseragent.api.file;

import dev.browseragent.api.error.ErrorMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets a request to a handed-out path ({@code /files/...}) through only with a good, unexpired signature; such
 * paths need no API key (they live outside {@code /api/v1}, which the key filter guards).
 */
public class SignedUrlFilter {

    static final String SIGNED_PREFIX = "/files/";

    private final SignedUrls signedUrls;

    public SignedUrlFilter(SignedUrls signedUrls) {
        this.signedUrls = signedUrls;
    }

    /** Before matching: a request without a good signature learns nothing, not even whether the path exists. */
    @ServerRequestFilter(preMatching = true)
    public Response checkSignature(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(SIGNED_PREFIX)) {
            return null;
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        String problem = signedUrls.problem(request.getMethod(), path, query.getFirst(SignedUrls.EXPIRES),
                query.getFirst(SignedUrls.SIGNATURE), query.getFirst(SignedUrls.CONTENT_TYPE));
        return problem == null ? null : ErrorMappers.detail(403, problem);
    }
}
