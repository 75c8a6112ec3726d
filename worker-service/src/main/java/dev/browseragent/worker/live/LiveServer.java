package dev.browseragent.worker.live;

import dev.browseragent.worker.browser.Screencast;
import dev.browseragent.worker.config.LiveConfig;
import dev.browseragent.worker.repository.TaskRepository;
import dev.browseragent.worker.task.WorkerIdentity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's live view server: one WebSocket per viewer at {@code /tasks/{task_id}/live}, opened by an API replica
 * with the viewer's token in the {@code Live-Token} header. The worker checks the token itself against the task's row
 * (the task's live token, or its share token for a read-only view) and that it holds the task now, so its port gives
 * nothing to anyone without the capability; anything else is answered 404 before the socket opens. It serves nothing
 * else, and Quarkus's own HTTP server stays off.
 */
@ApplicationScoped
public class LiveServer {

    private static final Logger LOG = Logger.getLogger(LiveServer.class);
    private static final Pattern PATH = Pattern.compile("/tasks/([0-9a-fA-F-]{36})/live");
    static final String TOKEN_HEADER = "Live-Token";
    /** How long a read of who controls a task is reused: input comes many times a second while a person types. */
    private static final Duration CONTROL_CHECK_REUSE = Duration.ofMillis(250);

    private final Vertx vertx;
    private final LiveConfig config;
    private final LiveSessions sessions;
    private final TaskRepository tasks;
    private final WorkerIdentity identity;
    /** Input of every viewer, one at a time, in order: each waits for a read of the task row and for the page. */
    private final ExecutorService inputs = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "live-input");
        thread.setDaemon(true);
        return thread;
    });
    private HttpServer server;

    public LiveServer(Vertx vertx, LiveConfig config, LiveSessions sessions, TaskRepository tasks,
                      WorkerIdentity identity, MeterRegistry registry) {
        if (config.maxFrameRate() < 1) {
            throw new IllegalArgumentException("browser-agent.live.max-frame-rate must be at least 1, not "
                    + config.maxFrameRate());
        }
        this.vertx = vertx;
        this.config = config;
        this.sessions = sessions;
        this.tasks = tasks;
        this.identity = identity;
        FunctionCounter.builder("browser_agent.live.frames", this, ignored -> Screencast.framesPainted())
                .description("Frames the browsers of this worker painted for live viewers (none while nobody watches)")
                .register(registry);
    }

    void start(@Observes StartupEvent started) throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .webSocketHandler(this::open)
                .requestHandler(request -> request.response().setStatusCode(404).end());
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The live view cannot listen on " + config.host() + ":" + config.port()
                    + " (BROWSER_AGENT_LIVE_HOST, BROWSER_AGENT_LIVE_PORT): is the port in use? Choose another one", e);
        }
        identity.liveViewListening(server.actualPort());
        LOG.infof("Live view listening on %s:%d, advertised to the API as %s", config.host(), server.actualPort(),
                identity.liveAddress());
    }

    void stop(@Observes ShutdownEvent stopping) {
        inputs.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private void open(ServerWebSocket socket) {
        Matcher path = PATH.matcher(socket.path());
        String token = socket.headers().get(TOKEN_HEADER);
        UUID taskId;
        try {
            taskId = path.matches() && token != null && !token.isBlank() ? UUID.fromString(path.group(1)) : null;
        } catch (IllegalArgumentException notAnId) {
            taskId = null;
        }
        if (taskId == null) {
            socket.reject(404);
            return;
        }
        UUID task = taskId;
        Promise<Integer> handshake = Promise.promise();
        socket.setHandshake(handshake.future());
        vertx.<Optional<Boolean>>executeBlocking(() -> tasks.liveViewerMayControl(task, identity.id(), token), false)
                .onComplete(checked -> {
                    Optional<LiveSessions.Watched> watched = sessions.watched(task);
                    if (checked.failed() || checked.result().isEmpty() || watched.isEmpty()) {
                        if (checked.failed()) {
                            LOG.warnf("Task %s: could not check a live viewer's token: %s", task,
                                    checked.cause().getMessage());
                        }
                        handshake.complete(404);
                        return;
                    }
                    handshake.complete(101);
                    watch(task, socket, watched.get(), checked.result().get());
                });
    }

    private void watch(UUID taskId, ServerWebSocket socket, LiveSessions.Watched watched, boolean mayControl) {
        LiveViewer viewer = new LiveViewer(taskId, socket, watched.session().screencast(), mayControl,
                new ControlCheck(taskId), inputs, Duration.ofSeconds(1).dividedBy(config.maxFrameRate()));
        watched.viewers().add(viewer);
        viewer.start(() -> watched.viewers().remove(viewer));
        if (sessions.watched(taskId).filter(current -> current == watched).isEmpty()) {
            viewer.end("The task's run has ended");
        }
    }

    /** Whether a person holds control of the task, read from its row at most every {@link #CONTROL_CHECK_REUSE}. */
    private final class ControlCheck implements java.util.function.BooleanSupplier {

        private final UUID taskId;
        private long checkedAt;
        private boolean held;

        ControlCheck(UUID taskId) {
            this.taskId = taskId;
        }

        /** Called on the input thread only. */
        @Override
        public boolean getAsBoolean() {
            long now = System.nanoTime();
            if (checkedAt == 0 || now - checkedAt > CONTROL_CHECK_REUSE.toNanos()) {
                try {
                    held = tasks.controlHeld(taskId, identity.id());
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                checkedAt = now;
            }
            return held;
        }
    }
}
