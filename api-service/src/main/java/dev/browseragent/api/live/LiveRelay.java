package dev.browseragent.api.live;

import dev.browseragent.api.live.LiveViews.Access;
import dev.browseragent.api.live.LiveViews.LiveTask;
import dev.browseragent.api.live.LiveViews.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Relays a viewer's WebSocket to the live view of the worker running the task (frames and page changes one way, the
 * person's input the other), and adds what only the database knows: the task's status and latest step, read every
 * {@link #STATE_INTERVAL} while the viewer is connected. The socket closes when the task ends. Frames pass through
 * here and nowhere else: never through Kafka or PostgreSQL. A frame the viewer cannot take at once is dropped.
 */
@ApplicationScoped
public class LiveRelay {

    private static final Logger LOG = Logger.getLogger(LiveRelay.class);
    private static final Duration STATE_INTERVAL = Duration.ofSeconds(1);
    /** The worker's header for the viewer's token, which it checks against the task itself. */
    private static final String TOKEN_HEADER = "Live-Token";
    /** A frame is one JPEG of the viewport: far below this. */
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final short NORMAL = 1000;
    private static final short TRY_AGAIN_LATER = 1013;

    private final Vertx vertx;
    private final LiveViews views;
    private final WebSocketClient workers;

    public LiveRelay(Vertx vertx, LiveViews views) {
        this.vertx = vertx;
        this.views = views;
        this.workers = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(MAX_FRAME_BYTES).setMaxFrameSize(MAX_FRAME_BYTES).setConnectTimeout(5000));
    }

    @PreDestroy
    void close() {
        workers.close();
    }

    /** Upgrades the viewer's request (its token already checked) and relays it until either side closes. */
    void open(HttpServerRequest request, LiveTask task, String token, Access access) {
        request.toWebSocket().onSuccess(viewer -> relay(viewer, task, token, access)).onFailure(failure -> {
            if (!request.response().ended()) {
                request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("detail", "The live view's socket is a WebSocket").encode());
            }
        });
    }

    private void relay(ServerWebSocket viewer, LiveTask task, String token, Access access) {
        AtomicReference<WebSocket> worker = new AtomicReference<>();
        AtomicReference<TaskState> shown = new AtomicReference<>();
        long timer = vertx.setPeriodic(1, STATE_INTERVAL.toMillis(), tick -> sendState(viewer, task, shown));
        viewer.closeHandler(closed -> {
            vertx.cancelTimer(timer);
            WebSocket open = worker.get();
            if (open != null && !open.isClosed()) {
                open.close();
            }
        });
        viewer.binaryMessageHandler(ignored -> {
        });
        viewer.textMessageHandler(input -> {
            WebSocket open = worker.get();
            // Input goes to the worker, which takes it only while a person holds control; never from the share page.
            if (access == Access.CONTROL && open != null && !open.isClosed()) {
                open.writeTextMessage(input);
            }
        });
        if (task.workerAddress() == null) {
            viewer.close(TRY_AGAIN_LATER, "No browser is open for this task at the moment");
            return;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(task.workerAddress().replaceFirst("^http", "ws") + "/tasks/" + task.id() + "/live")
                .addHeader(TOKEN_HEADER, token);
        workers.connect(options).onComplete(connected -> {
            if (connected.failed()) {
                LOG.debugf("Task %s: could not reach its worker's live view: %s", task.id(),
                        connected.cause().getMessage());
                if (!viewer.isClosed()) {
                    viewer.close(TRY_AGAIN_LATER, "The task's browser cannot be reached at the moment");
                }
                return;
            }
            WebSocket open = connected.result();
            if (viewer.isClosed()) {
                open.close();
                return;
            }
            worker.set(open);
            open.binaryMessageHandler(frame -> {
                if (!viewer.isClosed() && !viewer.writeQueueFull()) {
                    viewer.writeBinaryMessage(frame);
                }
            });
            open.textMessageHandler(message -> {
                if (!viewer.isClosed()) {
                    viewer.writeTextMessage(message);
                }
            });
            open.closeHandler(closed -> {
                if (!viewer.isClosed()) {
                    String reason = Objects.requireNonNullElse(open.closeReason(), "The task's browser went away");
                    Short code = open.closeStatusCode();
                    viewer.close(code == null || code == 1006 ? TRY_AGAIN_LATER : code, reason);
                }
            });
        });
    }

    /** The task's status and latest step when they changed; closes the viewer once the task has ended. */
    private void sendState(ServerWebSocket viewer, LiveTask task, AtomicReference<TaskState> shown) {
        views.state(task.id()).subscribe().with(state -> {
            if (viewer.isClosed()) {
                return;
            }
            if (!state.equals(shown.getAndSet(state))) {
                viewer.writeTextMessage(new JsonObject().put("type", "task").put("status", state.status())
                        .put("step", state.step()).put("next_goal", state.nextGoal()).put("url", state.url())
                        .put("control", state.controlHeld()).encode());
            }
            if (!state.live()) {
                viewer.close(NORMAL, "The task has ended");
            }
        }, failure -> LOG.debugf("Task %s: could not read its state for a live viewer: %s", task.id(),
                failure.getMessage()));
    }
}
