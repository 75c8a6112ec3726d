package dev.browseragent.api.system;

import dev.browseragent.api.config.ApiConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a request whose {@code Content-Length} is over {@code browser-agent.http.max-body-bytes} with a JSON
 * 413 before reading it. (A chunked body over the limit is cut off by the HTTP server itself, with an empty 413.)
 */
@ApplicationScoped
public class BodyLimit {

    void route(@Observes Router router, ApiConfig config) {
        long max = config.http().maxBodyBytes();
        String body = "{\"detail\":\"Request body too large: at most " + max + " bytes\"}";
        router.route().order(-100).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, max)) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP server refuses a malformed length itself
        }
    }
}
