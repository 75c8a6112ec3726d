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
 * watches or records costs no frames, however much its page changes.
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

            AtomicInteger received = new AtomicInteger();
            Screencast.Subscriber subscriber = new Screencast.Subscriber() {
                @Override
                public void frame(byte[] jpeg, int pageWidth, int pageHeight) {
                    received.incrementAndGet();
                }

                @Override
                public void page(String url, String title) {
                }
            };
            screencast.subscribe(subscriber);
            await("frames while somebody subscribes").atMost(Duration.ofSeconds(10)).until(() -> received.get() >= 5);

            screencast.unsubscribe(subscriber);
            await("no frame once the last subscriber left").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100)).until(unchanged());
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
