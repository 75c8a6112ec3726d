package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
