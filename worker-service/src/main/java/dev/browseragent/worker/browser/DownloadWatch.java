package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.Connection;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.devtools.SeleniumCdpConnection;
import org.openqa.selenium.json.JsonInput;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Follows every download of a browser, in any tab, through the browser-wide Chrome DevTools connection (WebDriver's
 * own CDP command reaches only the current tab and receives no events), and cancels the ones its watcher refuses
 * while they are still running, so that a page cannot fill the disk with one endless file. The downloads still land
 * where the browser's settings put them ({@code behavior: default}); only the events are turned on.
 */
final class DownloadWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DownloadWatch.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    /** Cancels off the connection's thread, which delivers the events and would wait for its own answer. */
    private final ExecutorService cancels = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "download-cancel");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> names = new ConcurrentHashMap<>();

    private DownloadWatch(Connection connection) {
        this.connection = connection;
    }

    /** Starts watching; empty when the browser offers no DevTools connection (a Grid without {@code se:cdp}). */
    static Optional<DownloadWatch> start(RemoteWebDriver driver, DownloadWatcher watcher) {
        Optional<Connection> connection;
        try {
            connection = SeleniumCdpConnection.create(driver.getCapabilities());
        } catch (RuntimeException e) {
            LOG.warnf("Downloads cannot be followed while they run (no DevTools connection): %s", e.getMessage());
            return Optional.empty();
        }
        if (connection.isEmpty()) {
            LOG.warn("Downloads cannot be followed while they run: the browser offers no DevTools connection");
            return Optional.empty();
        }
        DownloadWatch watch = new DownloadWatch(connection.get());
        watch.listen(watcher);
        return Optional.of(watch);
    }

    private void listen(DownloadWatcher watcher) {
        connection.addListener(new Event<Map<String, Object>>("Browser.downloadWillBegin", DownloadWatch::read),
                (sequence, event) -> {
                    String id = (String) event.get("guid");
                    String name = (String) event.get("suggestedFilename");
                    if (watcher.mayContinue(id, name, 0)) {
                        names.put(id, name);
                    } else {
                        cancel(id);
                    }
                });
        connection.addListener(new Event<Map<String, Object>>("Browser.downloadProgress", DownloadWatch::read),
                (sequence, event) -> {
                    String id = (String) event.get("guid");
                    String name = names.get(id);
                    if (name == null) {
                        return;
                    }
                    if ("completed".equals(event.get("state"))) {
                        names.remove(id);
                        watcher.completed(id, number(event.get("receivedBytes")));
                        return;
                    }
                    if (!"inProgress".equals(event.get("state"))) {
                        names.remove(id);
                        watcher.cancelled(id);
                        return;
                    }
                    long bytes = Math.max(number(event.get("receivedBytes")), number(event.get("totalBytes")));
                    if (!watcher.mayContinue(id, name, bytes)) {
                        names.remove(id);
                        cancel(id);
                    }
                });
        // Without a browser context: the browser's default one, where every tab of the session is.
        connection.sendAndWait(null, new Command<Void>("Browser.setDownloadBehavior",
                Map.of("behavior", "default", "eventsEnabled", true)), COMMAND_TIMEOUT);
    }

    private void cancel(String id) {
        cancels.execute(() -> {
            try {
                connection.sendAndWait(null, new Command<Void>("Browser.cancelDownload", Map.of("guid", id)),
                        COMMAND_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debugf("Could not cancel download %s (it may have ended): %s", id, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        cancels.shutdownNow();
        connection.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(JsonInput input) {
        return input.read(Map.class);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
