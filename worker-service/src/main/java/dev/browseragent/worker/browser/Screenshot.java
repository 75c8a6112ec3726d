package dev.browseragent.worker.browser;

import java.util.Base64;
import java.util.Map;

/** Captures what the current tab's viewport shows. */
public final class Screenshot {

    private Screenshot() {
    }

    /**
     * The viewport as PNG bytes, exactly the session's viewport size. Encoded for speed (a lighter compression of the
     * same pixels): the screenshot is taken every step, in the loop's path.
     */
    public static byte[] viewportPng(BrowserSession session) {
        String png = (String) session.cdp().executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "optimizeForSpeed", true)).get("data");
        return Base64.getDecoder().decode(png);
    }
}
