package dev.browseragent.worker.browser;

import org.openqa.selenium.OutputType;

/** Captures what the current tab's viewport shows. */
public final class Screenshot {

    private Screenshot() {
    }

    /** The viewport as PNG bytes, exactly the session's viewport size. */
    public static byte[] viewportPng(BrowserSession session) {
        return session.driver().getScreenshotAs(OutputType.BYTES);
    }
}
