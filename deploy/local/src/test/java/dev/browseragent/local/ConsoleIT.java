package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console at {@code /console/} in a real headless Chromium, against the shared stack: a user signs in,
 * runs a task from the form and watches it finish on its page, stops a running one, filters the list, sees the
 * API's 422 next to the field it names, and manages profiles and schedules. Every check is on what the page shows,
 * and on what the API then says. A screenshot of each page goes to {@code target/screenshots/console-*.png}.
 */
class ConsoleIT {

    /** Tasks whose text starts so open the kettle page, then report its price. */
    private static final String KETTLE_TASK = "Console check: open /console-kettle and read the price";
    /** Tasks whose text starts so wait, step after step, until they are stopped. */
    private static final String HOLD_TASK = "Console hold: wait until stopped";
    private static final String KETTLE_PRICE = "The kettle costs 25.50 EUR";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static ViewerBrowser person;
    private static ChromeDriver browser;

    @BeforeAll
    static void scriptTheModelAndStartTheBrowser() {
        stack.site().page("/console-kettle",
                "<html><head><title>Console kettle</title></head><body style=\"font: 48px sans-serif\">"
                        + "<h1>Kettle</h1><p>The kettle costs 25.50 EUR.</p></body></html>");
        stack.model()
                .when(p -> p.contains(KETTLE_TASK) && p.contains("Title: Console kettle"),
                        p -> agentOutput("The page shows the price", "", "Report it",
                                action("done", "text", KETTLE_PRICE, "success", true)))
                .when(p -> p.contains(KETTLE_TASK),
                        p -> agentOutput("Nothing open yet", "", "Open the page",
                                action("navigate", "url", stack.site().url("/console-kettle"))))
                .when(p -> p.contains(HOLD_TASK),
                        p -> agentOutput("Waiting", "", "Wait to be stopped", action("wait", "seconds", 30)));

        person = ViewerBrowser.start(1280, 1000);
        browser = person.driver();
    }

    @AfterAll
    static void quitTheBrowser() {
        if (person != null) {
            person.close();
        }
    }

    /** Every case starts signed out, on a fresh page. */
    @BeforeEach
    void signedOut() {
        browser.get(stack.client().consoleUrl());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    @Test
    void aWrongKeyIsRefusedWithAMessageAndTheRightOneSignsInUntilSignOut() {
        signIn("bu_not-a-key-of-anyone");

        waitFor().until(ExpectedConditions.textToBe(By.id("alert"), "This API key was not accepted. Check it and try again."));
        assertTrue(browser.findElement(By.id("api-key")).isDisplayed(), "still on the sign-in form");
        assertFalse(browser.findElement(By.id("nav")).isDisplayed(), "no navigation before sign-in");
        assertNull(keptKey());

        signIn(stack.client().apiKey());

        waitFor().until(ExpectedConditions.textToBe(By.tagName("h2"), "Tasks"));
        assertTrue(browser.findElement(By.id("nav")).isDisplayed());
        assertFalse(browser.findElement(By.id("alert")).isDisplayed(), "the refusal is gone");
        assertEquals(stack.client().apiKey(), keptKey());

        browser.findElement(By.id("sign-out")).click();

        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertNull(keptKey(), "signing out forgets the key");
        waitFor().until(ExpectedConditions.textToBe(By.id("status"), "Signed out."));
    }

    @Test
    void aTaskRunFromTheFormFinishesOnItsPageWithItsStepsAndScreenshots() {
        signInWithTheAccountsKey();
        open("#/run");
        WebElement form = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-form")));
        type("run-task", KETTLE_TASK + " (from the form)");
        type("run-max_agent_steps", "5");
        type("run-metadata", "source=console\nticket=18");
        new Select(browser.findElement(By.id("run-use_adblock"))).selectByVisibleText("No");
        browser.findElement(By.id("run-highlight_elements")).click();
        person.saveScreenshot("console-run.png");

        form.findElement(By.id("run-submit")).click();

        waitFor().until(ExpectedConditions.urlContains("#/task/"));
        String taskId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/task/") + "#/task/".length());
        new WebDriverWait(browser, V1Client.TASK_TIMEOUT).until(ExpectedConditions.textToBe(By.id("task-status"), "finished"));
        JsonNode task = stack.client().task(taskId);
        assertEquals("finished", task.get("status").asText());
        assertEquals(KETTLE_TASK + " (from the form)", task.get("task").asText());
        assertEquals("console", task.get("metadata").get("source").asText());
        assertEquals("18", task.get("metadata").get("ticket").asText());
        waitFor().until(ExpectedConditions.textToBe(By.id("task-output-text"), KETTLE_PRICE));
        List<WebElement> steps = waitFor().until(driver -> {
            List<WebElement> shown = driver.findElements(By.cssSelector("#task-steps li.step"));
            return shown.size() == task.get("steps").size() ? shown : null;
        });
        assertEquals(2, steps.size(), "the page opened, then the price reported");
        for (WebElement step : steps) {
            WebElement screenshot = step.findElement(By.cssSelector("img.screenshot"));
            waitFor().until(driver -> isLoaded(screenshot));
            assertEquals("Screenshot of step " + step.getAttribute("data-step"), screenshot.getAttribute("alt"));
        }
        assertEquals(stack.site().url("/console-kettle"),
                steps.get(1).findElement(By.cssSelector(".details a")).getText());
        WebElement gif = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#task-replay img")));
        waitFor().until(driver -> isLoaded(gif));
        for (String control : List.of("task-stop", "task-pause", "task-resume", "task-take-control", "task-hand-back")) {
            assertFalse(browser.findElement(By.id(control)).isEnabled(), control + " is off once the task ended");
        }
        person.saveScreenshot("console-task.png");
    }

    @Test
    void theTaskPageShowsTheLiveViewAndItsButtonsTakeControlPauseResumeAndStopTheTask() {
        String taskId = stack.client().runTask(Map.of("task", HOLD_TASK + " (stopped by a click)"));
        stack.client().awaitStatus(taskId, V1Client.TASK_TIMEOUT, "running");
        signInWithTheAccountsKey();
        open("#/task/" + taskId);
        waitFor().until(ExpectedConditions.textToBe(By.id("task-status"), "running"));
        assertFalse(browser.findElement(By.id("task-resume")).isEnabled(), "only a paused task resumes");

        WebElement live = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#task-live iframe")));
        assertEquals(stack.client().task(taskId).get("live_url").asText(), live.getAttribute("src"));
        browser.switchTo().frame(live);
        waitFor().until(driver -> Boolean.TRUE.equals(browser.executeScript("""
                const frame = [...document.querySelectorAll('img, canvas')]
                    .sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
                return !!frame && (frame.tagName !== 'IMG' || frame.naturalWidth > 0);""")));
        browser.switchTo().defaultContent();

        clickAndAwait("task-take-control", taskId, "paused");
        clickAndAwait("task-hand-back", taskId, "running");
        clickAndAwait("task-pause", taskId, "paused");
        assertFalse(browser.findElement(By.id("task-pause")).isEnabled());
        clickAndAwait("task-resume", taskId, "running");
        clickAndAwait("task-stop", taskId, "stopped");

        for (String control : List.of("task-stop", "task-pause", "task-resume")) {
            assertFalse(browser.findElement(By.id(control)).isEnabled(), control + " is off once the task stopped");
        }
    }

    /** Clicks the task page's button once it is enabled; the API, then the page, show the status it leads to. */
    private static void clickAndAwait(String button, String taskId, String status) {
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id(button))).click();
        await("the API says the task is " + status).atMost(PAGE_WAIT)
                .until(() -> stack.client().status(taskId).equals(status));
        waitFor().until(ExpectedConditions.textToBe(By.id("task-status"), status));
    }

    @Test
    void theTaskListShowsEachTaskAsTextAndItsStatusFilterKeepsOnlyThatStatus() {
        String finished = stack.client().runTask(Map.of("task", KETTLE_TASK + " <b>for the list</b>"));
        String stopped = stack.client().runTask(Map.of("task", HOLD_TASK + " (for the list)"));
        stack.client().stop(stopped);
        assertEquals("finished", stack.client().awaitEnd(finished).get("status").asText());
        signInWithTheAccountsKey();

        waitFor().until(driver -> !driver.findElements(row(finished)).isEmpty() && !driver.findElements(row(stopped)).isEmpty());
        assertEquals(KETTLE_TASK + " <b>for the list</b>", browser.findElement(row(finished)).findElement(By.tagName("a")).getText(),
                "the task's text is shown as text, never as markup");
        assertTrue(browser.findElements(By.cssSelector("#tasks-rows b")).isEmpty());
        person.saveScreenshot("console-tasks.png");

        Select filter = new Select(browser.findElement(By.id("tasks-status")));
        filter.selectByValue("stopped");
        waitFor().until(driver -> driver.findElements(row(finished)).isEmpty());
        assertFalse(browser.findElements(row(stopped)).isEmpty());
        assertEquals(List.of("stopped"), shownStatuses());

        filter.selectByValue("finished");
        waitFor().until(driver -> driver.findElements(row(stopped)).isEmpty());
        assertFalse(browser.findElements(row(finished)).isEmpty());
        assertEquals(List.of("finished"), shownStatuses());

        browser.findElement(row(finished)).findElement(By.tagName("a")).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("task-status"), "finished"));
        assertEquals(KETTLE_TASK + " <b>for the list</b>", browser.findElement(By.id("task-text")).getText());
    }

    @Test
    void theApisProblemsAreShownNextToTheFieldsTheyNameAndNoTaskIsCreated() {
        signInWithTheAccountsKey();
        open("#/run");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-form")));
        String text = "Console check: never run, its fields are refused";
        type("run-task", text);
        type("run-max_agent_steps", "500");
        type("run-allowed_domains", "example.com\n*.com");

        browser.findElement(By.id("run-submit")).click();

        WebElement steps = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-max_agent_steps-error")));
        assertEquals("ensure this value is less than or equal to 200", steps.getText());
        assertEquals("true", browser.findElement(By.id("run-max_agent_steps")).getAttribute("aria-invalid"));
        WebElement domains = browser.findElement(By.id("run-allowed_domains-error"));
        assertTrue(domains.isDisplayed());
        assertTrue(domains.getText().startsWith("Entry 2: "), domains.getText());
        assertEquals("true", browser.findElement(By.id("run-allowed_domains")).getAttribute("aria-invalid"));
        assertEquals("run-allowed_domains", browser.switchTo().activeElement().getAttribute("id"), "the form's first field in error has the focus");
        assertFalse(browser.findElement(By.id("run-task-error")).isDisplayed(), "the task's text was fine");
        assertTrue(browser.getCurrentUrl().endsWith("#/run"));
        assertTrue(StreamSupport.stream(stack.client().get("/tasks?limit=100").get("tasks").spliterator(), false)
                .noneMatch(task -> task.get("task").asText().equals(text)), "no task was created");
    }

    @Test
    void aProfileAndAScheduleAreCreatedPausedAndDeletedFromTheirPages() {
        signInWithTheAccountsKey();
        open("#/profiles");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-form")));
        type("profile-profile_name", "Console shopper");
        type("profile-description", "Made in the console");
        browser.findElement(By.id("profile-persist")).click();
        type("profile-browser_viewport_width", "1024");
        browser.findElement(By.id("profile-submit")).click();

        WebElement profileRow = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='profiles-rows']/tr[td[1]='Console shopper']")));
        String profileId = profileRow.getAttribute("data-profile-id");
        JsonNode profile = stack.client().get("/browser-profiles/" + profileId);
        assertEquals("Made in the console", profile.get("description").asText());
        assertTrue(profile.get("persist").asBoolean());
        assertEquals(1024, profile.get("browser_viewport_width").asInt());
        profileRow.findElement(By.tagName("button")).click();
        waitFor().until(ExpectedConditions.stalenessOf(profileRow));
        assertTrue(browser.findElements(By.cssSelector("[data-profile-id='" + profileId + "']")).isEmpty());
        assertEquals(404, stack.client().request("GET", "/browser-profiles/" + profileId, null).status());

        open("#/schedules");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-form")));
        type("schedule-task", "Console schedule: far in the future");
        type("schedule-interval_minutes", "60");
        type("schedule-start_at", "2099-01-01T08:00:00Z");
        browser.findElement(By.id("schedule-submit")).click();

        By scheduleRow = By.xpath("//tbody[@id='schedules-rows']/tr[td[1]='Console schedule: far in the future']");
        WebElement created = waitFor().until(ExpectedConditions.presenceOfElementLocated(scheduleRow));
        String scheduleId = created.getAttribute("data-schedule-id");
        assertEquals("active", created.findElement(By.className("schedule-state")).getText());
        assertEquals("every 60 minutes", created.findElements(By.tagName("td")).get(1).getText());
        created.findElement(By.className("schedule-toggle")).click();
        waitFor().until(driver -> driver.findElement(scheduleRow).findElement(By.className("schedule-state")).getText().equals("paused"));
        assertFalse(stack.client().get("/scheduled-task/" + scheduleId).get("is_active").asBoolean());
        browser.findElement(scheduleRow).findElement(By.className("schedule-delete")).click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(scheduleRow));
        assertEquals(404, stack.client().request("GET", "/scheduled-task/" + scheduleId, null).status());
    }

    @Test
    void theConsolesFilesCarryASelfOnlyPolicyAndTheApiStillNeedsAKey() throws Exception {
        for (String file : List.of("", "js/app.js", "console.css")) {
            HttpResponse<String> answer = fetch(stack.client().consoleUrl() + file);
            assertEquals(200, answer.statusCode(), file);
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "connect-src 'self'", "frame-ancestors 'none'")) {
                assertTrue(policy.contains(directive), file + ": " + policy);
            }
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), file);
        }
        HttpResponse<String> bare = fetch(stack.client().consoleUrl().replaceAll("/$", ""));
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/console/"));
        assertEquals(401, fetch(stack.client().apiUrl() + "/tasks").statusCode(), "the console opens nothing of the API");
    }

    private static HttpResponse<String> fetch(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A wait that looks again when the console redrew what it was looking at (the pages redraw as they poll). */
    private static WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Signs in with the class account's key and waits for the task list it opens on. */
    private static void signInWithTheAccountsKey() {
        signIn(stack.client().apiKey());
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        waitFor().until(ExpectedConditions.textToBe(By.tagName("h2"), "Tasks"));
    }

    private static void signIn(String key) {
        WebElement field = browser.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    /** Follows the navigation's link to the view, or the address when the view has none (a task's page). */
    private static void open(String hash) {
        List<WebElement> links = browser.findElements(By.cssSelector("#nav a[href='" + hash + "']"));
        if (links.isEmpty()) {
            browser.get(stack.client().consoleUrl() + hash);
        } else {
            links.get(0).click();
        }
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static String keptKey() {
        return (String) browser.executeScript("return sessionStorage.getItem('browser-agent.api-key')");
    }

    private static By row(String taskId) {
        return By.cssSelector("#tasks-rows tr[data-task-id='" + taskId + "']");
    }

    private static List<String> shownStatuses() {
        return browser.findElements(By.cssSelector("#tasks-rows .badge")).stream().map(WebElement::getText).distinct().toList();
    }

    private static boolean isLoaded(WebElement image) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", image));
    }

}
