package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm pool with real Chromium: browsers are kept ahead only for the worker's free slots. */
class BrowserPoolTest {

    @TempDir
    Path profiles;

    @Test
    void warmBrowsersAreKeptForTheFreeSlotsAndOneSpare() throws IOException {
        BrowserPool pool = new BrowserPool(factory(), List.of(), 3, 2, 1);
        try {
            pool.onStart(new StartupEvent());
            awaitReady(pool, 3);

            SessionRequest first = new SessionRequest(UUID.randomUUID(), 800, 600);
            BrowserSession firstSession = pool.take(first);
            assertEquals(2, pool.readyCount(), "the free slot and the spare have their warm browsers");
            assertEquals(0, pool.startingCount(), "no replacement for the slot now busy");

            SessionRequest second = new SessionRequest(UUID.randomUUID(), 800, 600);
            BrowserSession secondSession = pool.take(second);
            assertEquals(1, pool.readyCount() + pool.startingCount(),
                    "every slot busy: only the spare is kept ahead, for the task claimed when a slot frees");

            pool.release(first.taskId(), firstSession);
            assertEquals(2, pool.readyCount() + pool.startingCount(), "the freed slot gets a warm browser at once");
            awaitReady(pool, 2);

            pool.discard(second.taskId());
            pool.release(second.taskId(), secondSession);
            awaitReady(pool, 3);
            assertEquals(0, pool.startingCount());
        } finally {
            pool.onStop(new ShutdownEvent());
        }
    }

    @Test
    void aReplacementWaitsAMomentWhileAWarmBrowserIsLeft() throws IOException {
        assertTheReplacementWaits(new BrowserPool(factory(), List.of(), 2, 2, 1), 2);
    }

    @Test
    void aReplacementWaitsAMomentWhileEverySlotIsBusy() throws IOException {
        // One slot, taken: no task is claimed before it ends, so the spare need not compete with this one's first step.
        assertTheReplacementWaits(new BrowserPool(factory(), List.of(), 1, 1, 1), 1);
    }

    private static void assertTheReplacementWaits(BrowserPool pool, int warm) {
        try {
            pool.onStart(new StartupEvent());
            awaitReady(pool, warm);

            SessionRequest task = new SessionRequest(UUID.randomUUID(), 800, 600);
            long taken = System.nanoTime();
            BrowserSession session = pool.take(task);
            assertEquals(0, pool.startingCount(), "the task's first step runs before the replacement starts");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pool.startingCount() + pool.readyCount() == warm);
            assertTrue(System.nanoTime() - taken >= BrowserPool.REFILL_DELAY.toNanos() * 9 / 10,
                    "the replacement started after the delay");
            awaitReady(pool, warm);
            pool.release(task.taskId(), session);
        } finally {
            pool.onStop(new ShutdownEvent());
        }
    }

    @Test
    void warmBrowsersNoFreeSlotCanUseAreClosed() throws IOException {
        BrowserPool pool = new BrowserPool(factory(), List.of(), 2, 2, 0);
        try {
            pool.onStart(new StartupEvent());
            // Both slots taken before the pool's browsers are up: the tasks start their own.
            SessionRequest first = new SessionRequest(UUID.randomUUID(), 800, 600);
            SessionRequest second = new SessionRequest(UUID.randomUUID(), 800, 600);
            BrowserSession firstSession = pool.take(first);
            BrowserSession secondSession = pool.take(second);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> pool.startingCount() == 0 && pool.readyCount() == 0);
            await("no warm browser is started again").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> pool.startingCount() + pool.readyCount() == 0);

            pool.release(first.taskId(), firstSession);
            pool.release(second.taskId(), secondSession);
            awaitReady(pool, 2);
        } finally {
            pool.onStop(new ShutdownEvent());
        }
    }

    private BrowserSessionFactory factory() throws IOException {
        // Open to other users, like the default profile root: as root, the browsers run as an unprivileged user.
        Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new BrowserSessionFactory(
                TestConfigs.mapping(BrowserConfig.class, "browser-agent.browser.profile-root", profiles.toString()),
                TestNetworkRules.rules(true));
    }

    private static void awaitReady(BrowserPool pool, int expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(pool::readyCount, count -> count == expected);
    }
}
