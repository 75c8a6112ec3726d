package dev.browseragent.api.live;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.live.LiveViews.Access;
import dev.browseragent.api.task.TaskService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The live view's routes, outside {@code /api/v1} and without an API key (the token in the path is the permission):
 * <ul>
 *     <li>{@code GET /live/{token}}: the page, {@code GET /live/{token}/socket}: its WebSocket (frames, page and task
 *     state; input while control is held);</li>
 *     <li>{@code POST /live/{token}/control} and {@code DELETE /live/{token}/control}: take control of the task and
 *     hand it back, as {@code take-control-task} and {@code release-control-task} do for the task's account;</li>
 *     <li>{@code GET /share/{share_token}/live} and {@code /share/{share_token}/live/socket}: the same, read-only, for
 *     the public share page to embed.</li>
 * </ul>
 * A token that opens no running or paused task is answered 404 for the page and for the socket (before it opens).
 * They are Vert.x routes rather than REST resources because the socket is relayed at the transport level, and the
 * share variant lives under {@code /share/{token}}, which the share page's resource owns.
 */
@ApplicationScoped
public class LiveRoutes {

    private static final Logger LOG = Logger.getLogger(LiveRoutes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LiveViews views;
    private final LiveRelay relay;
    private final TaskService tasks;

    public LiveRoutes(LiveViews views, LiveRelay relay, TaskService tasks) {
        this.views = views;
        this.relay = relay;
        this.tasks = tasks;
    }

    void routes(@Observes Router router) {
        router.get("/live/:token").handler(context -> page(context, Access.CONTROL));
        router.get("/live/:token/socket").handler(context -> socket(context, Access.CONTROL));
        router.post("/live/:token/control").handler(context -> control(context, true));
        router.delete("/live/:token/control").handler(context -> control(context, false));
        router.get("/share/:token/live").handler(context -> page(context, Access.READ_ONLY));
        router.get("/share/:token/live/socket").handler(context -> socket(context, Access.READ_ONLY));
    }

    private void page(RoutingContext context, Access access) {
        views.find(context.pathParam("token"), access).subscribe().with(task -> {
            String nonce = Base64.getEncoder().encodeToString(nonce());
            // No X-Frame-Options and no frame-ancestors: the page is made to be embedded in the user's own pages.
            context.response().setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                            + "script-src 'nonce-" + nonce + "'; img-src blob:; connect-src 'self'; base-uri 'none'; "
                            + "form-action 'none'")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-store")
                    .end(LivePage.render(access == Access.CONTROL, nonce));
        }, failure -> fail(context, failure));
    }

    private void socket(RoutingContext context, Access access) {
        String token = context.pathParam("token");
        // The upgrade waits for the look-up: the request must not be read on meanwhile.
        context.request().pause();
        views.find(token, access).subscribe().with(task -> relay.open(context.request(), task, token, access),
                failure -> {
                    context.request().resume();
                    fail(context, failure);
                });
    }

    /** The live token is the permission: the task's account takes or releases control through it. */
    private void control(RoutingContext context, boolean take) {
        views.find(context.pathParam("token"), Access.CONTROL)
                .chain(task -> take ? tasks.takeControl(task.accountId(), task.id().toString())
                        : tasks.releaseControl(task.accountId(), task.id().toString()))
                .subscribe().with(done -> context.response().setStatusCode(200)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .putHeader("Cache-Control", "no-store")
                                .end(new JsonObject().put("control", take ? "taken" : "released").encode()),
                        failure -> fail(context, failure));
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** A 404 (or another refusal) in the API's error shape; a failure of ours is a 503 that names no detail. */
    static void fail(RoutingContext context, Throwable failure) {
        int status;
        String detail;
        if (failure instanceof ApiException refused) {
            status = refused.status();
            detail = refused.getMessage();
        } else {
            LOG.warnf("The live view could not be opened: %s", failure.getMessage());
            status = 503;
            detail = "The live view is not available at the moment; try again shortly";
        }
        if (!context.response().ended()) {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("detail", detail).encode());
        }
    }
}
