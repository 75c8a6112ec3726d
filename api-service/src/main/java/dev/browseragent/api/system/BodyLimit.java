package dev.browseragent.api.system;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.file.UploadRules;
import dev.browseragent.api.file.UploadSizeLimit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a request whose {@code Content-Length} is over its limit with a JSON 413 before reading it: an upload's
 * bytes may take a whole file ({@link UploadRules#MAX_FILE_BYTES}), every other body
 * {@code browser-agent.http.max-body-bytes}. (A chunked body over the server's limit, the larger of the two, is cut
 * off by the HTTP server itself, with an empty 413.)
 */
@ApplicationScoped
public class BodyLimit {

    void route(@Observes Router router, ApiConfig config) {
        long maxBody = config.http().maxBodyBytes();
        String bodyTooLarge = detail("Request body too large: at most " + maxBody + " bytes");
        String fileTooLarge = detail(UploadSizeLimit.tooLargeDetail());
        router.route().order(-100).handler(context -> {
            boolean upload = UploadSizeLimit.isUpload(context.request());
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, upload ? UploadRules.MAX_FILE_BYTES : maxBody)) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(upload ? fileTooLarge : bodyTooLarge);
                return;
            }
            context.next();
        });
    }

    private static String detail(String message) {
        return new JsonObject().put("detail", message).encode();
    }

    private static boolean isOver(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP server refuses a malformed length itself
        }
    }
}
