package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public share page of a running task in a real Chromium, as a colleague who was sent the link sees it: it shows
 * new steps as the task takes them without a reload, every step's screenshot loads, a hostile page title the model
 * repeats is shown as text and runs nothing, and once the task ends the page shows the end and stops polling.
 * Screenshots of the page are kept in {@code deploy/local/target/screenshots/}.
 */
class SharePageIT {

    /** A page title that runs script wherever it is written into HTML unescaped. */
    private static final String PAYLOAD = "<img src=x onerror=\"window.__pwned=1;alert(1)\">";
    private static final Pattern TITLE = Pattern.compile("\nTitle: (.*)\n");
    private static final Duration STEPS_APPEAR_WITHIN = Duration.ofSeconds(90);

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static ViewerBrowser person;
    private static ChromeDriver viewer;

    @BeforeAll
    static void openAViewer() {
        person = ViewerBrowser.start(1280, 1600);
        viewer = person.driver();
    }

    @AfterAll
    static void closeTheViewer() {
        if (person != null) {
            person.close();
        }
    }

    @Test
    void theSharePageOfARunningTaskShowsNewStepsWithTheirScreenshotsAndRunsNothingThePagesWrote() {
        String path = "/share-watch/" + UUID.randomUUID();
        stack.site().page(path, "<html><head><title>" + PAYLOAD + "</title></head><body>"
                + "<h1 style=\"font-size:96px;color:#2e7d32\">Garden shop</h1>"
                + "<p style=\"font-size:48px\">Roses, tulips and a hostile title.</p></body></html>");
        ScriptedTask watched = new ScriptedTask(stack, "Watch " + path + " ", "Watch " + path + " and keep looking");
        AtomicBoolean enough = new AtomicBoolean();
        stack.model().when(p -> watched.isMine(p) && enough.get(),
                p -> agentOutput("Seen enough", "", "Report", action("done", "text", PAYLOAD, "success", true)));
        watched.when("<step_info>\nStep 1 of", p -> agentOutput("Start", "", "Open the page",
                        action("navigate", "url", stack.site().url(path))))
                // The model repeats what the page says of itself, as models do: the title, in the step's text.
                .when("\nTitle: " + PAYLOAD + "\n", p -> agentOutput("The page is titled " + title(p), "",
                        title(p), action("wait", "seconds", 1)));

        V1Client client = stack.client();
        String id = client.runTask(Map.of("task", watched.task(), "enable_public_share", true));
        JsonNode running = client.awaitStatus(id, Duration.ofSeconds(60), "running");
        viewer.get(running.get("public_share_url").asText());
        // Gone after a reload: the page must keep this document.
        viewer.executeScript("window.__sameDocument = true;");
        int stepsAtOpen = steps().size();

        await("two more steps on the open page").atMost(STEPS_APPEAR_WITHIN)
                .until(() -> steps().size() >= stepsAtOpen + 2 && stepText().contains(PAYLOAD));
        assertEquals(true, viewer.executeScript("return window.__sameDocument === true;"), "the page was not reloaded");
        assertEquals("running", viewer.findElement(By.id("status")).getText());
        WebElement liveView = viewer.findElement(By.id("live-view"));
        assertTrue(liveView.getAttribute("src").endsWith("/share/" + shareToken(running) + "/live"), liveView.getAttribute("src"));
        everyStepsScreenshotLoads();
        nothingThePageWroteRan();
        viewer.executeScript("window.scrollTo(0, 0);");
        person.saveScreenshot("share-page-running.png");

        enough.set(true);
        await("the page showing the task finished").atMost(STEPS_APPEAR_WITHIN)
                .until(() -> "finished".equals(viewer.findElement(By.id("status")).getText()));
        assertEquals(PAYLOAD, viewer.findElement(By.cssSelector("#output pre.output")).getText());
        assertTrue(viewer.findElements(By.id("live-view")).isEmpty(), "no live view of an ended task");
        WebElement gif = viewer.findElement(By.cssSelector("#gif img.gif"));
        awaitLoaded(gif, "the GIF");
        everyStepsScreenshotLoads();
        nothingThePageWroteRan();
        assertEquals(true, viewer.executeScript("return window.__sameDocument === true;"), "the page was not reloaded");
        int steps = steps().size();
        assertEquals(client.task(id).get("steps").size(), steps, "every step of the task is on the page");
        long polls = statePolls();
        await("the page to stop polling").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> statePolls() == polls);
        viewer.executeScript("window.scrollTo(0, 0);");
        person.saveScreenshot("share-page-finished.png");
    }

    private static String title(ModelPrompt prompt) {
        Matcher title = TITLE.matcher(prompt.userText());
        assertTrue(title.find(), "the prompt shows the page's title");
        return title.group(1);
    }

    private static String shareToken(JsonNode task) {
        String url = task.get("public_share_url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static List<WebElement> steps() {
        return viewer.findElements(By.cssSelector("#steps li.step"));
    }

    private static String stepText() {
        return viewer.findElement(By.id("steps")).getText();
    }

    /** Each step has a screenshot, and the browser decoded it (scrolled to: the images load lazily). */
    private static void everyStepsScreenshotLoads() {
        for (WebElement step : steps()) {
            List<WebElement> screenshot = step.findElements(By.cssSelector("img.screenshot"));
            assertEquals(1, screenshot.size(), "a screenshot in step " + step.getAttribute("data-step"));
            awaitLoaded(screenshot.get(0), "the screenshot of step " + step.getAttribute("data-step"));
        }
    }

    private static void awaitLoaded(WebElement image, String what) {
        viewer.executeScript("arguments[0].scrollIntoView();", image);
        await(what + " loaded").atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(viewer.executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", image)));
    }

    /** The title is on the page as text; no element it describes exists, no alert opened, no flag was set. */
    private static void nothingThePageWroteRan() {
        assertThrows(NoAlertPresentException.class, () -> viewer.switchTo().alert());
        assertTrue(stepText().contains("The page is titled " + PAYLOAD), stepText());
        assertEquals("undefined", viewer.executeScript("return typeof window.__pwned;"));
        assertEquals(0L, viewer.executeScript("return document.querySelectorAll('img:not(.screenshot):not(.gif)').length;"));
        assertFalse(viewer.getPageSource().contains("<img src=\"x\""), "no element made of the title");
    }

    /** How many times the page fetched its JSON form so far. */
    private static long statePolls() {
        return (Long) viewer.executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/state')).length;");
    }

}
