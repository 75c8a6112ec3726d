package dev.browseragent.api.system;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** v1 clients look for the OpenAPI document under the API's base path too; it is the one Quarkus serves. */
@ApplicationScoped
public class OpenApiRoutes {

    void route(@Observes Router router) {
        router.get("/api/v1/openapi.json").handler(context -> context.reroute("/openapi.json"));
    }
}
