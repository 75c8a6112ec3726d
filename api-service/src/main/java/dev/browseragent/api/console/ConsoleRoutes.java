package dev.browseragent.api.console;

import dev.browseragent.api.config.ApiConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;

/**
 * The web console: static files under {@code META-INF/resources/console/} that call the public v1 API with the key
 * the user signs in with. Its files get security headers here, before Quarkus serves them: the policy lets the
 * console run only its own scripts and styles, call only this origin, and show images and the live view only from
 * this origin or the public base URL (the handed-out screenshot and live-view URLs start with it, which may name
 * this service by another host name than the browser used). No page may frame the console.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String PATH = "/console";

    void route(@Observes Router router, ApiConfig config) {
        String policy = contentSecurityPolicy(origin(config.publicBaseUrl()));
        // Vert.x matches "/console/" to this route too: only the bare path is sent on.
        router.route(PATH).order(-90).handler(context -> {
            if (context.request().path().equals(PATH)) {
                context.redirect(PATH + "/");
            } else {
                context.next();
            }
        });
        router.route(PATH + "/*").order(-90).handler(context -> {
            context.response().headers()
                    .set("Content-Security-Policy", policy)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("X-Frame-Options", "DENY")
                    .set("Referrer-Policy", "no-referrer");
            context.next();
        });
    }

    static String contentSecurityPolicy(String publicOrigin) {
        String selfAndPublic = "'self' " + publicOrigin;
        return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src " + selfAndPublic
                + "; frame-src " + selfAndPublic + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The scheme, host and port of the public base URL, as a CSP source. */
    static String origin(String publicBaseUrl) {
        URI uri = URI.create(publicBaseUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
