package dev.browseragent.local;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A person's browser: a headless Chromium of its own (not the worker's) that looks at the pages the API serves (the
 * console, the share page, the live view, a recording) as a person would. On the live view it reads what the frame
 * shows as pixels of a screenshot and clicks the frame; the live view's benchmark watches with it too. An alert a page
 * opens stays open for the test to find.
 */
public final class ViewerBrowser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("browser-agent.repo-root", "../.."))
            .resolve("deploy/local/target/screenshots");

    private final ChromeDriver driver;

    private ViewerBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser whose window suits the live page. */
    public static ViewerBrowser start() {
        return start(1000, 1300);
    }

    public static ViewerBrowser start(int windowWidth, int windowHeight) {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--disable-gpu", "--window-size=" + windowWidth + "," + windowHeight,
                        "--force-device-scale-factor=1", "--disable-dev-shm-usage");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses root; the viewer opens only our pages
        }
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ViewerBrowser(new ChromeDriver(service, options));
    }

    /**
     * Saves the whole page as a PNG in {@code deploy/local/target/screenshots/}, a test's artifact: the window is made
     * as tall as the page (up to 4000 pixels) for the picture.
     */
    public void saveScreenshot(String name) {
        Dimension size = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 140, 4000)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the screenshot " + name, e);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    /** Opens the page and returns once it has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    /** Leaves the live page (its socket closes), keeping the browser. */
    public void leave() {
        driver.get("about:blank");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * The colour the frame shows near its top left corner (a tenth of its width and height in), in a screenshot of
     * the frame as the viewer's browser paints it; empty before the frame shows anything.
     */
    Optional<int[]> frameColour() {
        // One round trip finds the frame and whether it has a picture yet: on a busy machine each costs.
        WebElement frame = (WebElement) driver.executeScript("""
                var largest = null, area = 0;
                document.querySelectorAll('img, canvas, video').forEach(function (element) {
                  var box = element.getBoundingClientRect();
                  if (box.width * box.height > area) { largest = element; area = box.width * box.height; }
                });
                var drawn = largest && (largest.tagName !== 'IMG' || (largest.complete && largest.naturalWidth > 0));
                return drawn ? largest : null;""");
        if (frame == null) {
            return Optional.empty();
        }
        BufferedImage screenshot;
        try {
            screenshot = ImageIO.read(new ByteArrayInputStream(frame.getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rgb = screenshot.getRGB(screenshot.getWidth() / 10, screenshot.getHeight() / 10);
        return Optional.of(new int[]{(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff});
    }

    /** Whether the frame shows this colour (JPEG shifts a flat colour by a few units). */
    boolean shows(int[] colour) {
        return frameColour().map(seen -> close(seen, colour)).orElse(false);
    }

    static boolean close(int[] seen, int[] colour) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(seen[i] - colour[i]) > 40) {
                return false;
            }
        }
        return true;
    }

    /** Clicks the middle of the frame, as a person would with a mouse. */
    void clickFrameCentre() {
        new Actions(driver).moveToElement(frame().orElseThrow()).click().perform();
    }

    /** The text of the element with this id on the live page. */
    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    List<WebElement> buttons() {
        return driver.findElements(By.tagName("button"));
    }

    /** The live page's frame: its largest image, canvas or video. */
    private Optional<WebElement> frame() {
        return driver.findElements(By.cssSelector("img, canvas, video")).stream()
                .max(Comparator.comparingInt(element -> element.getRect().getWidth() * element.getRect().getHeight()));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
