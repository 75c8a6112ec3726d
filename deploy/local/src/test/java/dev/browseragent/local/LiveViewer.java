package dev.browseragent.local;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A person watching a task's live view: a headless Chromium of its own (not the worker's) showing the live page, which
 * reads what the page shows as pixels of a screenshot, as a person would see them, and clicks its frame. The live view's
 * benchmark watches with it too.
 */
public final class LiveViewer implements AutoCloseable {

    private final ChromeDriver driver;

    private LiveViewer(ChromeDriver driver) {
        this.driver = driver;
    }

    public static LiveViewer start() {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--disable-gpu", "--window-size=640,800",
                        "--force-device-scale-factor=1", "--disable-dev-shm-usage");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses root; the viewer opens only our page
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new LiveViewer(new ChromeDriver(service, options));
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
