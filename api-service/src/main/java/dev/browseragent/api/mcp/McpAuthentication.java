package dev.browseragent.api.mcp;

import dev.browseragent.api.auth.AccountPlan;
import dev.browseragent.api.auth.ApiKeyAuthentication;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.ErrorMappers;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Guards the MCP endpoint and everything under it with the API's key check ({@link ApiKeyAuthentication}): the
 * endpoint is a Vert.x route of the MCP extension, which the v1 API's JAX-RS filter never sees. A refused request
 * gets the API's status and {@code {"detail"}} body before the extension reads it (so an MCP client sees an HTTP
 * 401, not a JSON-RPC error); an accepted one carries its account to the tools ({@link #accountId()}).
 */
@ApplicationScoped
public class McpAuthentication {

    private static final Logger LOG = Logger.getLogger(McpAuthentication.class);
    private static final String ACCOUNT = McpAuthentication.class.getName() + ".account";

    private final ApiKeyAuthentication authentication;
    private final CurrentVertxRequest currentRequest;
    private final String mcpPath;

    public McpAuthentication(ApiKeyAuthentication authentication, CurrentVertxRequest currentRequest,
                             @ConfigProperty(name = "quarkus.mcp.server.http.root-path") String mcpPath) {
        this.authentication = authentication;
        this.currentRequest = currentRequest;
        this.mcpPath = mcpPath;
    }

    /** After the body limit (order -100), before the extension's routes. */
    void route(@Observes Router router) {
        router.routeWithRegex(Pattern.quote(mcpPath) + "(/.*)?").order(-90).handler(this::authenticate);
    }

    /** The account of the MCP request being handled; only a tool, in that request's context, may ask. */
    public UUID accountId() {
        AccountPlan plan = currentRequest.getCurrent().get(ACCOUNT);
        if (plan == null) {
            throw new IllegalStateException("No authenticated account on this MCP request");
        }
        return plan.accountId();
    }

    private void authenticate(RoutingContext context) {
        HttpServerRequest request = context.request();
        authentication.authenticate(request::getHeader, request.remoteAddress().hostAddress())
                .subscribe().with(plan -> {
                    context.put(ACCOUNT, plan);
                    context.next();
                }, failure -> refuse(context, failure));
    }

    /** The answer the v1 API gives to the same refusal. */
    private static void refuse(RoutingContext context, Throwable failure) {
        Response answer;
        if (failure instanceof ApiException refusal) {
            answer = ErrorMappers.response(refusal);
        } else {
            LOG.error("Unexpected error while authenticating an MCP request", failure);
            answer = ErrorMappers.internalError();
        }
        HttpServerResponse response = context.response().setStatusCode(answer.getStatus());
        answer.getStringHeaders().forEach(response::putHeader);
        response.end(Json.encode(answer.getEntity()));
    }
}
