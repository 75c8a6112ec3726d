package dev.browseragent.api.file;

import dev.browseragent.api.error.ApiException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an upload whose declared length is over the limit before its body is read, with a JSON 413 (the HTTP
 * server's own body limit would answer first, without a body). Uploads sent chunked are measured once read.
 */
@ApplicationScoped
public class UploadSizeLimit {

    static final String TOO_LARGE = "File too large: at most 10 MB a file";
    private static final String UPLOAD_PREFIX = SignedUrlFilter.SIGNED_PREFIX + FileService.UPLOADS + "/";

    void register(@Observes Filters filters) {
        // Ahead of the server's own body limit (route order -2).
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (context.request().method() == HttpMethod.PUT && context.request().path().startsWith(UPLOAD_PREFIX)
                    && length != null && declaredLength(length) > UploadRules.MAX_FILE_BYTES) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(new JsonObject().put("detail", TOO_LARGE).encode());
                return;
            }
            context.next();
        }, 100);
    }

    static ApiException tooLarge() {
        return new ApiException(413, TOO_LARGE);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
