package dev.browseragent.worker.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.browser.Screencast;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One socket watching a task's browser (through an API replica): the screencast's frames go out as binary messages
 * (JPEG), the page's URL and title as {@code {"type": "page", ...}}; input comes in as {@link ViewerInput} text messages
 * and reaches the page only while a person holds control of the task. A frame the socket cannot take at once is
 * dropped: a slow viewer sees fewer frames, and no frame waits in memory to be late.
 */
final class LiveViewer implements Screencast.Subscriber {

    private static final Logger LOG = Logger.getLogger(LiveViewer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Close codes of RFC 6455: a message the endpoint does not accept, the endpoint goes away. */
    private static final short POLICY_VIOLATION = 1008;
    private static final short UNSUPPORTED_DATA = 1003;
    private static final short NORMAL = 1000;

    private final UUID taskId;
    private final ServerWebSocket socket;
    private final Screencast screencast;
    private final boolean mayControl;
    private final BooleanSupplier controlHeld;
    private final Executor inputs;
    private final Duration frameInterval;
    private volatile boolean ended;
    private volatile Boolean toldControlHeld;

    /**
     * @param mayControl  the viewer came with the task's live token; a share-page viewer's input is ignored
     * @param controlHeld whether a person holds control of the task now (a read of the task row, cached briefly)
     * @param inputs        where input runs, in the order it came, off the socket's event loop
     * @param frameInterval the shortest time between two frames sent to this viewer
     */
    LiveViewer(UUID taskId, ServerWebSocket socket, Screencast screencast, boolean mayControl,
               BooleanSupplier controlHeld, Executor inputs, Duration frameInterval) {
        this.frameInterval = frameInterval;
        this.taskId = taskId;
        this.socket = socket;
        this.screencast = screencast;
        this.mayControl = mayControl;
        this.controlHeld = controlHeld;
        this.inputs = inputs;
    }

    @Override
    public Duration frameInterval() {
        return frameInterval;
    }

    /** Starts the frames and listens for input until either side closes, then runs {@code onClosed}. */
    void start(Runnable onClosed) {
        socket.textMessageHandler(this::input);
        socket.binaryMessageHandler(data -> end(UNSUPPORTED_DATA, "Input is sent as JSON text messages"));
        socket.closeHandler(closed -> {
            ended = true;
            screencast.unsubscribe(this);
            onClosed.run();
        });
        screencast.subscribe(this);
    }

    @Override
    public void frame(byte[] jpeg, int pageWidth, int pageHeight) {
        if (ended || socket.writeQueueFull()) {
            return;
        }
        try {
            socket.writeBinaryMessage(Buffer.buffer(jpeg));
        } catch (IllegalStateException closedMeanwhile) {
            ended = true;
        }
    }

    @Override
    public void page(String url, String title) {
        send(Map.of("type", "page", "url", url, "title", title));
    }

    /** Closes the socket with this reason (the task's run ended, the worker stops). */
    void end(String reason) {
        end(NORMAL, reason);
    }

    private void end(short code, String reason) {
        ended = true;
        screencast.unsubscribe(this);
        if (!socket.isClosed()) {
            socket.close(code, reason);
        }
    }

    private void input(String message) {
        if (!mayControl) {
            return;
        }
        ViewerInput input;
        try {
            input = ViewerInput.parse(message, screencast.pageWidth(), screencast.pageHeight());
        } catch (ViewerInput.BadInput e) {
            LOG.debugf("Task %s: a live viewer sent input that is not input (%s); disconnecting it", taskId,
                    e.getMessage());
            end(POLICY_VIOLATION, e.getMessage());
            return;
        }
        inputs.execute(() -> {
            boolean held;
            try {
                held = controlHeld.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warnf("Task %s: could not check who controls it (%s); the viewer's input is dropped", taskId,
                        e.getMessage());
                return;
            }
            if (!held) {
                tellControl(false);
                return;
            }
            tellControl(true);
            screencast.sendToPage(input.method(), input.params());
        });
    }

    /** Tells the viewer whether its input is taken, once per change, so its page can say so. */
    private void tellControl(boolean held) {
        if (!Boolean.valueOf(held).equals(toldControlHeld)) {
            toldControlHeld = held;
            send(Map.of("type", "input", "accepted", held));
        }
    }

    private void send(Map<String, Object> message) {
        if (ended) {
            return;
        }
        String text;
        try {
            text = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Live view messages are always serialisable", e);
        }
        try {
            socket.writeTextMessage(text);
        } catch (IllegalStateException closedMeanwhile) {
            ended = true;
        }
    }
}
