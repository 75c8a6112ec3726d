package dev.browseragent.worker.browser;

import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
    void closingQuitsTheBrowserAndDeletesItsProfile() {
        BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), TestNetworkRules.rules(true)).open(800, 600);
        @SuppressWarnings("unchecked")
        Path profile = Path.of((String) ((Map<String, Object>) session.driver().getCapabilities().getCapability("chrome"))
                .get("userDataDir"));
        assertTrue(Files.isDirectory(profile));

        session.close();
        session.close();

        assertFalse(Files.exists(profile));
    }
}
