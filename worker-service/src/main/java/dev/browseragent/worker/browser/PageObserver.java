package dev.browseragent.worker.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the current tab's page in one script call ({@code page-observer.js}, which returns one JSON string) and
 * finds its elements again when an action of the same step needs one.
 */
public final class PageObserver {

    /** Elements this far above or below the viewport still count as visible: what a small scroll would show. */
    static final int VIEWPORT_MARGIN_PX = 500;

    /** How long an observation waits for the document to finish loading before it reads what is there. */
    private static final Duration READY_WAIT = Duration.ofSeconds(5);

    private static final String OBSERVER_SCRIPT = resource("page-observer.js");
    /** Looks up what the observer script kept in this document's registry, by frame id or element index. */
    private static final String FRAME_SCRIPT =
            "const r = window.__browserAgent; return r ? r.frames.get(arguments[0]) || null : null;";
    private static final String ELEMENT_SCRIPT =
            "const r = window.__browserAgent; const e = r && r.elements.get(arguments[0]);"
                    + " return e && e.isConnected ? e : null;";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The observer script's answer. */
    private record Snapshot(String url, String title, int pixelsAbove, int pixelsBelow, List<PageNode> nodes) {
    }

    public PageState observe(BrowserSession session) {
        ChromeDriver driver = session.driver();
        driver.switchTo().defaultContent();
        waitForDocument(driver);
        String json = (String) driver.executeScript(OBSERVER_SCRIPT, VIEWPORT_MARGIN_PX);
        Snapshot snapshot;
        try {
            snapshot = JSON.readValue(json, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page observer returned unreadable JSON: " + e.getOriginalMessage(), e);
        }
        return new PageState(snapshot.url(), snapshot.title(), session.currentTabId(), session.tabs(),
                snapshot.pixelsAbove(), snapshot.pixelsBelow(), snapshot.nodes());
    }

    /**
     * Finds an element of the latest observation in the page, entering the iframes it is in; the driver is left in
     * the element's frame. Empty when the element (or a frame on the way) has gone from the page since.
     */
    public Optional<WebElement> locate(BrowserSession session, ElementNode element) {
        ChromeDriver driver = session.driver();
        driver.switchTo().defaultContent();
        for (int frameId : element.frames()) {
            Object frame = driver.executeScript(FRAME_SCRIPT, frameId);
            if (!(frame instanceof WebElement frameElement)) {
                return Optional.empty();
            }
            driver.switchTo().frame(frameElement);
        }
        return Optional.ofNullable((WebElement) driver.executeScript(ELEMENT_SCRIPT, element.index()));
    }

    private static void waitForDocument(ChromeDriver driver) {
        try {
            new WebDriverWait(driver, READY_WAIT)
                    .pollingEvery(Duration.ofMillis(100))
                    .ignoring(WebDriverException.class)
                    .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
        } catch (TimeoutException e) {
            // A page that never finishes (long polling, a slow resource) is observed as it is.
        }
    }

    private static String resource(String name) {
        try (InputStream in = PageObserver.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + PageObserver.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
