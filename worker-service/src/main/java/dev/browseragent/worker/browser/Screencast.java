package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.Connection;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.devtools.SeleniumCdpConnection;
import org.openqa.selenium.devtools.idealized.target.model.SessionID;
import org.openqa.selenium.json.JsonInput;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The current tab of a session as Chromium paints it: JPEG frames from Chromium's own screencast
 * ({@code Page.startScreencast}), and the tab's URL and title, for whoever subscribes (the live view, the run's
 * recording). Chromium paints frames only while somebody subscribes: the first subscriber starts the
 * screencast on a DevTools connection of its own, the last one to leave stops it and closes the connection, so a
 * task nobody watches or records costs nothing. When the session switches tabs, the screencast follows.
 * <p>
 * Every DevTools call runs on the screencast's own thread: the connection delivers events on its thread, which must
 * never wait for an answer of its own.
 */
public final class Screencast implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Screencast.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int JPEG_QUALITY = 70;
    private static final int MAX_START_ATTEMPTS = 3;
    private static final Duration RESTART_DELAY = Duration.ofMillis(200);
    /**
     * A tab in the middle of a navigation answers a screenshot only once it is over, or never: the first frame for a
     * new subscriber is not worth holding the screencast's start longer than this.
     */
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(1);
    /** Frames painted by every screencast of this process, for the worker's metrics. */
    private static final LongAdder FRAMES = new LongAdder();
    /** Sends the acknowledgements that pace the screencasts of subscribers that want fewer frames; one for all. */
    private static final ScheduledExecutorService PACED_ACKS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "screencast-pacing");
        thread.setDaemon(true);
        return thread;
    });

    /** What a subscriber is told; called on the connection's thread, so it must not block. */
    public interface Subscriber {

        /** A frame as painted: JPEG bytes, and the page's size in CSS pixels when it was painted. */
        void frame(byte[] jpeg, int pageWidth, int pageHeight);

        /** The current tab's URL or title changed (or the screencast switched to another tab). */
        void page(String url, String title);

        /**
         * The shortest time between two frames this subscriber wants: zero (every frame Chromium paints) for a person
         * watching; a recording wants no more than its frame rate.
         */
        default Duration frameInterval() {
            return Duration.ZERO;
        }
    }

    private final Capabilities capabilities;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** When the last acknowledgement was (or is to be) sent, for pacing ({@link #ackDelayNanos}). */
    private long nextAckNanos = System.nanoTime();
    private final ExecutorService calls = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "screencast");
        thread.setDaemon(true);
        return thread;
    });
    /** Read and written on {@link #calls}'s thread only, like everything below. */
    private Connection connection;
    private SessionID pageSession;
    private String streamedTarget;
    /** Failed starts in a row, on {@link #calls}'s thread. */
    private int startAttempts;
    private volatile String currentTarget;
    private volatile int pageWidth;
    private volatile int pageHeight;
    private volatile boolean closed;
    /** Whether anybody ever subscribed: a session nobody watched never starts the screencast's thread. */
    private volatile boolean subscribed;

    Screencast(Capabilities capabilities, String currentTarget, int pageWidth, int pageHeight) {
        this.capabilities = capabilities;
        this.currentTarget = currentTarget;
        this.pageWidth = pageWidth;
        this.pageHeight = pageHeight;
    }

    /** Frames painted by every screencast of this process since it started. */
    public static long framesPainted() {
        return FRAMES.sum();
    }

    /** The current page's size in CSS pixels, as last painted (or as the session set it, before the first frame). */
    public int pageWidth() {
        return pageWidth;
    }

    public int pageHeight() {
        return pageHeight;
    }

    /**
     * Starts sending frames and page changes to the subscriber, starting the screencast if it is the first. The
     * subscriber gets the page as it is at once: Chromium's screencast sends a frame only when the page paints anew,
     * which a still page may not do for a long time. One that joins a running screencast (a viewer of a recorded
     * task) gets the tab's address and title too, which the others were told when they came.
     */
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        subscribed = true;
        run(() -> {
            if (!stream()) {
                snapshot(subscriber);
                introduce(subscriber);
            }
        });
    }

    /** Stops sending to the subscriber; the screencast stops with the last one. */
    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
        run(this::stream);
    }

    /**
     * Sends a DevTools command to the page being shown (input, for one) and waits for its answer; false when nothing is
     * being shown. Called off the connection's thread.
     */
    public boolean sendToPage(String method, Map<String, Object> params) {
        try {
            return calls.submit(() -> {
                if (pageSession == null) {
                    return false;
                }
                connection.sendAndWait(pageSession, new Command<Void>(method, params), COMMAND_TIMEOUT);
                return true;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debugf("The page did not take %s: %s", method, e.getMessage());
            return false;
        }
    }

    /** The session made another tab current (its window handle, which is its DevTools target id). */
    void follow(String target, int width, int height) {
        currentTarget = target;
        pageWidth = width;
        pageHeight = height;
        if (subscribed) {
            run(this::stream);
        }
    }

    @Override
    public void close() {
        closed = true;
        subscribers.clear();
        if (subscribed) {
            run(this::stream);
        }
        calls.shutdown();
    }

    private void run(Runnable call) {
        try {
            calls.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    stop();
                    // A tab in the middle of a navigation refuses a screencast ("not attached to an active page"):
                    // try again shortly, a few times.
                    if (!closed && !subscribers.isEmpty() && ++startAttempts <= MAX_START_ATTEMPTS) {
                        LOG.debugf("The screencast could not start (%s); trying again", e.getMessage());
                        PACED_ACKS.schedule(() -> run(this::stream), RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                    } else {
                        LOG.warnf("The live screencast of the browser failed: %s", e.getMessage());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: nothing is streamed any more.
        }
    }

    /**
     * Brings the screencast in line with its subscribers and the current tab. When it attaches to a tab, every
     * subscriber gets the tab as it is first, then the screencast starts; then the tab's address is announced.
     *
     * @return whether it attached to a tab (and so sent every subscriber its first frame)
     */
    private boolean stream() {
        boolean wanted = !closed && !subscribers.isEmpty();
        if (!wanted) {
            stop();
            return false;
        }
        if (connection == null) {
            Optional<Connection> opened = SeleniumCdpConnection.create(capabilities);
            if (opened.isEmpty()) {
                LOG.warn("The live view cannot show this browser: it offers no DevTools connection");
                return false;
            }
            connection = opened.get();
            listen(connection);
        }
        String target = currentTarget;
        if (target.equals(streamedTarget)) {
            return false;
        }
        detachPage();
        pageSession = new SessionID(connection.sendAndWait(null, new Command<>("Target.attachToTarget",
                Map.of("targetId", target, "flatten", true), Screencast::sessionId), COMMAND_TIMEOUT));
        streamedTarget = target;
        subscribers.forEach(this::snapshot);
        connection.sendAndWait(pageSession, new Command<Void>("Page.startScreencast", Map.of("format", "jpeg",
                "quality", JPEG_QUALITY, "maxWidth", pageWidth, "maxHeight", pageHeight, "everyNthFrame", 1)),
                COMMAND_TIMEOUT);
        startAttempts = 0;
        // Address and title changes of the tab, for the viewers' pages; asked after the first frame, which matters more.
        connection.sendAndWait(null, new Command<Void>("Target.setDiscoverTargets", Map.of("discover", true)),
                COMMAND_TIMEOUT);
        announce(connection.sendAndWait(null, new Command<>("Target.getTargetInfo", Map.of("targetId", target),
                Screencast::targetInfo), COMMAND_TIMEOUT));
        return true;
    }

    /** The current page as one frame, for a subscriber that just came. */
    private void snapshot(Subscriber subscriber) {
        if (pageSession == null || !subscribers.contains(subscriber)) {
            return;
        }
        String data;
        try {
            data = connection.sendAndWait(pageSession, new Command<>("Page.captureScreenshot",
                    Map.of("format", "jpeg", "quality", JPEG_QUALITY), input -> (String) read(input).get("data")),
                    SNAPSHOT_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("No first frame for a new viewer (the screencast's next one comes when the page paints): %s",
                    e.getMessage());
            return;
        }
        FRAMES.increment();
        subscriber.frame(Base64.getDecoder().decode(data), pageWidth, pageHeight);
    }

    private void listen(Connection cdp) {
        cdp.addListener(new Event<Map<String, Object>>("Page.screencastFrame", Screencast::read), (sequence, event) -> {
            Object frameNumber = event.get("sessionId");
            SessionID session = pageSession;
            if (session != null) {
                // Chromium paints the next frame only once this one is acknowledged: the viewer's pace sets the rate,
                // and when every subscriber wants fewer frames (a recording alone), a later acknowledgement spares
                // Chromium the frames nobody keeps.
                Command<Void> ack = new Command<>("Page.screencastFrameAck", Map.of("sessionId", frameNumber));
                long delay = ackDelayNanos(frameIntervalNanos());
                if (delay == 0) {
                    cdp.send(session, ack);
                } else {
                    PACED_ACKS.schedule(() -> cdp.send(session, ack), delay, TimeUnit.NANOSECONDS);
                }
            }
            FRAMES.increment();
            if (event.get("metadata") instanceof Map<?, ?> metadata) {
                pageWidth = (int) Math.round(number(metadata.get("deviceWidth"), pageWidth));
                pageHeight = (int) Math.round(number(metadata.get("deviceHeight"), pageHeight));
            }
            byte[] jpeg = Base64.getDecoder().decode((String) event.get("data"));
            for (Subscriber subscriber : subscribers) {
                subscriber.frame(jpeg, pageWidth, pageHeight);
            }
        });
        cdp.addListener(new Event<Map<String, Object>>("Target.targetInfoChanged", Screencast::read),
                (sequence, event) -> {
                    if (event.get("targetInfo") instanceof Map<?, ?> info
                            && currentTarget.equals(info.get("targetId"))) {
                        announce(info);
                    }
                });
    }

    /** The current tab's address and title, for a subscriber that joined a running screencast. */
    private void introduce(Subscriber subscriber) {
        if (pageSession == null || !subscribers.contains(subscriber)) {
            return;
        }
        Map<?, ?> info = connection.sendAndWait(null, new Command<>("Target.getTargetInfo",
                Map.of("targetId", streamedTarget), Screencast::targetInfo), COMMAND_TIMEOUT);
        subscriber.page(String.valueOf(info.get("url")), String.valueOf(info.get("title")));
    }

    private void announce(Map<?, ?> info) {
        String url = String.valueOf(info.get("url"));
        String title = String.valueOf(info.get("title"));
        for (Subscriber subscriber : subscribers) {
            subscriber.page(url, title);
        }
    }

    private void detachPage() {
        if (pageSession == null) {
            return;
        }
        try {
            connection.sendAndWait(pageSession, new Command<Void>("Page.stopScreencast", Map.of()), COMMAND_TIMEOUT);
            connection.sendAndWait(null, new Command<Void>("Target.detachFromTarget",
                    Map.of("sessionId", pageSession.toString())), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("Could not detach the screencast from its tab (it may be closed): %s", e.getMessage());
        }
        pageSession = null;
        streamedTarget = null;
    }

    private void stop() {
        if (connection == null) {
            return;
        }
        detachPage();
        connection.close();
        connection = null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(JsonInput input) {
        return input.read(Map.class);
    }

    private static String sessionId(JsonInput input) {
        return (String) read(input).get("sessionId");
    }

    private static Map<?, ?> targetInfo(JsonInput input) {
        return (Map<?, ?>) read(input).get("targetInfo");
    }

    /**
     * How long to hold back the acknowledgement of the frame that just came. Chromium keeps a few frames in flight, so
     * holding each back by the interval is not enough: the acknowledgements themselves are spaced by the interval.
     * Called on the connection's event thread only.
     */
    private long ackDelayNanos(long interval) {
        long now = System.nanoTime();
        if (interval == 0) {
            nextAckNanos = now;
            return 0;
        }
        nextAckNanos = Math.max(now, nextAckNanos + interval);
        return nextAckNanos - now;
    }

    /** The shortest frame interval any subscriber wants; zero when one wants every frame. */
    private long frameIntervalNanos() {
        return subscribers.stream().mapToLong(subscriber -> subscriber.frameInterval().toNanos()).min().orElse(0);
    }

    private static double number(Object value, int fallback) {
        return value instanceof Number number ? number.doubleValue() : fallback;
    }
}
