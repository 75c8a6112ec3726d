package dev.browseragent.worker.browser;

import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download its watcher refuses is cancelled in Chromium while it still runs: the site stops sending, and no file,
 * whole or partial, stays in the session's download directory. A session of its own, since a watcher stays for the
 * session's life.
 */
class DownloadWatchTest {

    private static final long CAP_BYTES = 1 << 20;
    private static final long TWO_GIGABYTES = 2L << 30;
    private static final Duration CANCELLED_WITHIN = Duration.ofSeconds(30);

    private static TestSite site;
    private static BrowserSession browser;
    /** What the watcher refused, by file name, in order. */
    private static final Queue<String> refused = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        site = TestSite.start();
        browser = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), TestNetworkRules.rules(true))
                .open(800, 600);
        browser.watchDownloads(new DownloadWatcher() {
            @Override
            public boolean mayContinue(String id, String fileName, long bytes) {
                if (bytes > CAP_BYTES) {
                    refused.add(fileName);
                    return false;
                }
                return true;
            }

            @Override
            public void completed(String id, long bytes) {
            }

            @Override
            public void cancelled(String id) {
            }
        });
    }

    @AfterAll
    static void stop() {
        browser.close();
        site.close();
    }

    @Test
    void anEndlessDownloadIsCancelledOnceItPassesTheCapAndLeavesNoFile() {
        site.generated("/endless", "application/octet-stream", "endless.bin", "", "0123456789abcdef",
                TestSite.ENDLESS);

        click("/endless");

        await("the endless download refused").atMost(CANCELLED_WITHIN).until(() -> refused.contains("endless.bin"));
        await("the site no longer sending").atMost(CANCELLED_WITHIN).until(() -> !site.isSending("/endless"));
        await("the download directory empty").atMost(CANCELLED_WITHIN).until(() -> downloadedFiles().isEmpty());
        assertTrue(site.bytesSent("/endless") > CAP_BYTES, "it was stopped by its progress, not as it started");
    }

    @Test
    void aDownloadAnnouncingTwoGigabytesIsCancelledLongBeforeItsEnd() {
        site.generated("/two-gigabytes", "application/octet-stream", "huge.zip", "", "0123456789abcdef",
                TWO_GIGABYTES);

        click("/two-gigabytes");

        await("the announced download refused").atMost(CANCELLED_WITHIN).until(() -> refused.contains("huge.zip"));
        await("the site no longer sending").atMost(CANCELLED_WITHIN).until(() -> !site.isSending("/two-gigabytes"));
        await("the download directory empty").atMost(CANCELLED_WITHIN).until(() -> downloadedFiles().isEmpty());
        assertTrue(site.bytesSent("/two-gigabytes") < TWO_GIGABYTES / 4,
                "cancelled on its announced size: " + site.bytesSent("/two-gigabytes") + " bytes sent");
        assertEquals(1, refused.stream().filter("huge.zip"::equals).count(), "refused once, then no longer asked");
    }

    /** Opens a page whose one link leads to the path, and clicks it, as the agent would. */
    private static void click(String path) {
        site.page(path + "-link", "<html><body><a id=\"go\" href=\"" + path + "\">Download</a></body></html>");
        browser.driver().get(site.url(path + "-link"));
        browser.driver().findElement(By.id("go")).click();
    }

    private static List<Path> downloadedFiles() throws IOException {
        if (!Files.isDirectory(browser.downloadDirectory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(browser.downloadDirectory())) {
            return files.toList();
        }
    }
}
