package dev.browseragent.worker.browser;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Captures what the current tab's viewport shows. */
public final class Screenshot {

    private static final String CAPTURE = "Page.captureScreenshot";
    /**
     * PNG encoded for speed (a lighter compression of the same pixels): the screenshot is taken every step, in the
     * loop's path.
     */
    private static final Map<String, Object> VIEWPORT_PNG = Map.of("format", "png", "optimizeForSpeed", true);
    /** Empty pages by viewport size; tasks use a handful of sizes, and a white PNG is a few kilobytes. */
    private static final Map<String, byte[]> EMPTY_PAGES = new ConcurrentHashMap<>();
    private static final int EMPTY_PAGES_KEPT = 32;

    private final CompletableFuture<Map<String, Object>> capture;

    private Screenshot(CompletableFuture<Map<String, Object>> capture) {
        this.capture = capture;
    }

    /** The viewport as PNG bytes, exactly the session's viewport size. */
    public static byte[] viewportPng(BrowserSession session) {
        return start(session).png();
    }

    /**
     * Starts capturing the viewport and returns at once: Chromium paints the frame while the caller goes on (reads
     * the page); {@link #png()} waits for it.
     */
    public static Screenshot start(BrowserSession session) {
        return new Screenshot(session.sendCdp(CAPTURE, VIEWPORT_PNG));
    }

    /**
     * The captured viewport as PNG bytes.
     *
     * @throws org.openqa.selenium.WebDriverException when it could not be captured
     */
    public byte[] png() {
        return Base64.getDecoder().decode((String) DevToolsChannel.await(capture, CAPTURE).get("data"));
    }

    /** What Chromium paints for an empty page (white) in a viewport of this size, as PNG bytes, without asking it. */
    public static byte[] emptyPagePng(int width, int height) {
        if (EMPTY_PAGES.size() >= EMPTY_PAGES_KEPT) {
            EMPTY_PAGES.clear();
        }
        return EMPTY_PAGES.computeIfAbsent(width + "x" + height, size -> whitePng(width, height));
    }

    private static byte[] whitePng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
