package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserSessionTest {

    @Test
    @ExtendWith(SharedBrowser.class)
    void theScreenshotIsThePngOfExactlyTheViewport(BrowserSession browser) throws IOException {
        browser.driver().get("about:blank");

        BufferedImage screenshot = ImageIO.read(new ByteArrayInputStream(Screenshot.viewportPng(browser)));

        assertEquals(SharedBrowser.WIDTH, screenshot.getWidth());
        assertEquals(SharedBrowser.HEIGHT, screenshot.getHeight());
        assertEquals(SharedBrowser.WIDTH, ((Number) browser.driver().executeScript("return window.innerWidth")).intValue());
    }

    @Test
    void closingEndsChromiumAndChromedriverAndDeletesTheProfile() {
        // Other sessions of this JVM (the shared browser) keep theirs: only processes started from here count.
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), TestNetworkRules.rules(true)).open(800, 600);
        @SuppressWarnings("unchecked")
        Path profile = Path.of((String) ((Map<String, Object>) session.driver().getCapabilities().getCapability("chrome"))
                .get("userDataDir"));
        assertTrue(Files.isDirectory(profile));
        List<ProcessHandle> processes = ProcessHandle.current().descendants()
                .filter(process -> !before.contains(process.pid()))
                .filter(process -> process.info().command().orElse("").endsWith("chromedriver")
                        || process.info().arguments().map(List::of).orElse(List.of()).contains("--user-data-dir=" + profile))
                .toList();
        assertTrue(processes.stream().anyMatch(process -> process.info().command().orElse("").endsWith("chromedriver")),
                "the session's chromedriver runs: " + processes);
        assertTrue(processes.stream().anyMatch(process -> !process.info().command().orElse("").endsWith("chromedriver")),
                "the session's Chromium runs: " + processes);

        session.close();
        session.close();

        assertEquals(List.of(), processes.stream().filter(ProcessHandle::isAlive).toList(),
                "every Chromium and chromedriver process of the session has ended");
        assertFalse(Files.exists(profile));
    }
}
