package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Chromium paints the screencast only while somebody subscribes (a live viewer, a recording): a session nobody
 * watches or records costs no frames, however much its page changes; and whoever subscribes gets the page at once.
 */
class ScreencastTest {

    @Test
    void framesArePaintedOnlyWhileSomebodySubscribes() {
        try (BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                TestNetworkRules.rules(true)).open(SharedBrowser.WIDTH, SharedBrowser.HEIGHT)) {
            session.driver().get("about:blank");
            // A page that changes ten times a second.
            session.driver().executeScript("let n = 0; setInterval(() => document.body.textContent = 'Frame ' + (++n),"
                    + " 100);");
            Screencast screencast = session.screencast();
            await("no frame while nobody subscribes").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(100)).until(unchanged());

            Watcher subscriber = new Watcher();
            screencast.subscribe(subscriber);
            await("frames while somebody subscribes").atMost(Duration.ofSeconds(10))
                    .until(() -> subscriber.frames.get() >= 5);

            screencast.unsubscribe(subscriber);
            await("no frame once the last subscriber left").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100)).until(unchanged());
        }
    }

    /**
     * A subscriber (a live viewer as the task starts) may come just before a navigation: a screencast whose start met
     * the navigation used to stay dark. Several fresh browsers, since the start only sometimes meets the navigation.
     */
    @RepeatedTest(4)
    void aScreencastStartedAsTheFirstPageLoadsPaintsThatPage() {
        try (BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                TestNetworkRules.rules(true)).open(SharedBrowser.WIDTH, SharedBrowser.HEIGHT)) {
            Watcher recording = new Watcher();
            session.screencast().subscribe(recording);
            session.cdp().executeCdpCommand("Runtime.evaluate", Map.of("expression", "1"));
            session.driver().get("data:text/html,<title>Loaded</title><h1>Loaded</h1><script>let n = 0;"
                    + " setInterval(() => document.body.textContent = 'Frame ' + (++n), 100);</script>");

            await("frames of the page loaded as the screencast started").atMost(Duration.ofSeconds(10))
                    .until(() -> recording.frames.get() >= 3);
        }
    }

    @Test
    void aSubscriberJoiningARunningScreencastGetsThePageAndItsAddressAtOnce() {
        try (BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class),
                TestNetworkRules.rules(true)).open(SharedBrowser.WIDTH, SharedBrowser.HEIGHT)) {
            String still = "data:text/html,<title>Still</title><h1>A page that does not change</h1>";
            session.driver().get(still);
            Screencast screencast = session.screencast();
            Watcher recording = new Watcher();
            screencast.subscribe(recording);
            await("the first subscriber's frame and address").atMost(Duration.ofSeconds(10))
                    .until(() -> recording.frames.get() > 0 && still.equals(recording.url));

            Watcher viewer = new Watcher();
            screencast.subscribe(viewer);

            await("the page and its address for the one who joined").atMost(Duration.ofSeconds(10))
                    .until(() -> viewer.frames.get() > 0 && still.equals(viewer.url) && "Still".equals(viewer.title));
            screencast.unsubscribe(viewer);
            screencast.unsubscribe(recording);
        }
    }

    /** A subscriber that notes what it got. */
    private static final class Watcher implements Screencast.Subscriber {

        private final AtomicInteger frames = new AtomicInteger();
        private volatile String url;
        private volatile String title;

        @Override
        public void frame(byte[] jpeg, int pageWidth, int pageHeight) {
            frames.incrementAndGet();
        }

        @Override
        public void page(String url, String title) {
            this.url = url;
            this.title = title;
        }
    }

    /** True while the process's frame count stays what it was at the previous poll. */
    private static Callable<Boolean> unchanged() {
        AtomicLong previous = new AtomicLong(Screencast.framesPainted());
        return () -> {
            long now = Screencast.framesPainted();
            return previous.getAndSet(now) == now;
        };
    }
}
