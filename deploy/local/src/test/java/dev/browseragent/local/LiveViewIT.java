package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.embedded.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view of a running task, watched as a person would: a Chromium of the test's own opens the task's
 * {@code live_url} and the test reads the frame's pixels in its screenshots. The task's page fills the viewport with a
 * colour that changes every {@link #COLOUR_PERIOD_MILLIS} by the clock (which the test shares with the page), and has
 * a button in the middle that reports its clicks to the site; the scripted model waits on the page until the test
 * stops the task.
 */
class LiveViewIT {

    private static final String PAGE = "/live-colours";
    private static final String MARKER = "Watch live ";
    private static final long COLOUR_PERIOD_MILLIS = 3000;
    private static final int[][] COLOURS = {{220, 40, 40}, {40, 80, 220}};
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    /** What the agent's next step is told after a person handed the browser back. */
    private static final String PERSON_ACTED = "A person took control of the browser while you were paused";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static ServiceProcess secondReplica;
    private static int secondReplicaPort;
    private final List<String> tasks = new ArrayList<>();
    private final List<ViewerBrowser> viewers = new ArrayList<>();

    @BeforeAll
    static void serveThePageAndScriptTheModel() {
        stack.site().page(PAGE, """
                <!DOCTYPE html><html><head><title>Colours</title><style>html,body{margin:0;height:100%%}
                #press{position:fixed;left:25%%;top:25%%;width:50%%;height:50%%;border:0;background:#ddd;font-size:2rem}
                </style></head><body>
                <button id="press" onclick="this.textContent = 'Pressed by a person'; fetch('/result?live_click=' + Date.now())">Press</button>
                <script>
                var colours = ['rgb(%d,%d,%d)', 'rgb(%d,%d,%d)'];
                function paint() {
                  document.documentElement.style.background = colours[Math.floor(Date.now() / %d) %% 2];
                }
                paint();
                setInterval(paint, 20);
                </script></body></html>""".formatted(COLOURS[0][0], COLOURS[0][1], COLOURS[0][2], COLOURS[1][0],
                COLOURS[1][1], COLOURS[1][2], COLOUR_PERIOD_MILLIS));
        stack.model().when(p -> p.contains(MARKER) && p.contains(PERSON_ACTED) && p.contains("Pressed by a person"),
                p -> agentOutput("A person pressed the button", "", "Report", action("done", "text",
                        "The person pressed it", "success", true)));
        stack.model().when(p -> p.contains(MARKER) && p.contains("Step 1 of"),
                p -> agentOutput("Start", "", "Open the page", action("navigate", "url", stack.site().url(PAGE))));
        stack.model().when(p -> p.contains(MARKER),
                p -> agentOutput("Waiting", "", "Keep waiting", action("wait", "seconds", 2)));
        secondReplicaPort = FreePorts.find();
        secondReplica = stack.startApiReplica("api-live-2", secondReplicaPort);
    }

    @AfterAll
    static void stopTheSecondReplica() {
        if (secondReplica != null) {
            secondReplica.stop(LocalStack.STOP_GRACE);
        }
    }

    @AfterEach
    void stopTasksAndViewers() {
        viewers.forEach(ViewerBrowser::close);
        tasks.forEach(id -> stack.client().stop(id));
    }

    @Test
    void aViewerSeesThePageWithinASecondAndFollowsItsChanges() {
        JsonNode task = watchedTask(false);
        ViewerBrowser viewer = viewer();
        // The stack's first live view since it started pays one-time costs (class loading, the API's first socket to
        // the worker, the viewer's Chromium warming up): a first look, then the measured one. Between them the viewer
        // leaves, and the measured view starts the screencast anew.
        viewer.open(task.get("live_url").asText());
        await("a first look at the page").atMost(Duration.ofSeconds(10))
                .until(() -> viewer.frameColour().filter(LiveViewIT::isAPageColour).isPresent());
        viewer.leave();

        viewer.open(task.get("live_url").asText());
        long opened = System.nanoTime();

        await("the viewer shows the page's colour").atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(50))
                .until(() -> viewer.frameColour().filter(LiveViewIT::isAPageColour).isPresent());
        System.out.printf("The viewer showed the page %d ms after its page loaded%n",
                (System.nanoTime() - opened) / 1_000_000);
        int[] before = viewer.frameColour().orElseThrow();
        long nextChange = (System.currentTimeMillis() / COLOUR_PERIOD_MILLIS + 1) * COLOUR_PERIOD_MILLIS;
        await("the viewer follows the page's next colour").atMost(Duration.ofMillis(COLOUR_PERIOD_MILLIS + 1000))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> viewer.frameColour().filter(seen -> isAPageColour(seen) && !ViewerBrowser.close(seen, before))
                        .isPresent());
        long late = System.currentTimeMillis() - nextChange;
        System.out.printf("The viewer showed the page's change %d ms after it%n", late);
        assertTrue(late < WITHIN_A_SECOND.toMillis(), "the viewer showed the change " + late + " ms after it");
        await("the page's address and the task's status are shown").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.text("url").contains(PAGE) && viewer.text("status").equals("running"));
    }

    @Test
    void noFrameIsPaintedWhileNobodyWatchesAndFramesAreWhileSomebodyDoes() throws Exception {
        JsonNode task = watchedTask(false);
        String id = task.get("id").asText();
        double unwatched = frames();
        awaitSteps(id, steps(id) + 2);
        assertEquals(unwatched, frames(), "frames painted while nobody watched (two steps, a colour change)");

        ViewerBrowser viewer = viewer();
        viewer.open(task.get("live_url").asText());
        await("frames are painted while a viewer watches").atMost(Duration.ofSeconds(10))
                .until(() -> frames() > unwatched);

        viewer.leave();
        awaitSteps(id, steps(id) + 1);
        double left = frames();
        awaitSteps(id, steps(id) + 2);
        assertEquals(left, frames(), "frames painted after the viewer left (two steps, a colour change)");
    }

    @Test
    void theOtherApiReplicaRelaysTheLiveViewToo() {
        JsonNode task = watchedTask(false);
        String path = URI.create(task.get("live_url").asText()).getPath();
        ViewerBrowser viewer = viewer();

        viewer.open("http://127.0.0.1:" + secondReplicaPort + path);

        await("the viewer shows the page's colour through the second replica").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.frameColour().filter(LiveViewIT::isAPageColour).isPresent());
    }

    @Test
    void aClickOnTheFrameReachesThePageOnlyWhileAPersonHoldsControlAndTheAgentGoesOnFromWhatThePersonDid() {
        JsonNode task = watchedTask(false);
        String id = task.get("id").asText();
        ViewerBrowser viewer = viewer();
        viewer.open(task.get("live_url").asText());
        await("the viewer shows the page").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.frameColour().filter(LiveViewIT::isAPageColour).isPresent());
        long clicksBefore = clicks();

        viewer.clickFrameCentre();
        await("the live page says the click was not taken").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.text("notice").contains("take control first"));
        assertEquals(clicksBefore, clicks(), "clicks on the page while nobody held control");

        assertEquals(200, stack.client().request("PUT", "/take-control-task?task_id=" + id, null).status());
        assertEquals("paused", stack.client().status(id), "the task is paused while a person holds control");
        await("the live page offers to hand back").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.driver().findElement(By.id("release")).isDisplayed());
        viewer.clickFrameCentre();
        await("the page's middle button got the click").atMost(Duration.ofSeconds(5))
                .until(() -> clicks() == clicksBefore + 1);
        assertEquals("paused", stack.client().status(id));

        viewer.driver().findElement(By.id("release")).click();
        JsonNode ended = stack.client().awaitEnd(id);
        assertEquals("finished", ended.get("status").asText(), "the agent went on from the page the person left");
        assertEquals("The person pressed it", ended.get("output").asText());
        assertNull(stack.database().rows("select control_taken_at from tasks where id = ?::uuid", id).get(0).get(0),
                "control handed back with the live page's button");
    }

    @Test
    void theSharePagesLiveViewShowsThePageAndHasNoControls() {
        JsonNode task = watchedTask(true);
        String shareToken = lastSegment(task.get("public_share_url").asText());
        ViewerBrowser viewer = viewer();

        viewer.open(serverUrl() + "/share/" + shareToken + "/live");

        await("the share page's live view shows the page's colour").atMost(Duration.ofSeconds(5))
                .until(() -> viewer.frameColour().filter(LiveViewIT::isAPageColour).isPresent());
        assertTrue(viewer.buttons().isEmpty(), "the read-only view offers no control");
        String id = task.get("id").asText();
        long clicksBefore = clicks();
        assertEquals(200, stack.client().request("PUT", "/take-control-task?task_id=" + id, null).status());
        ViewerBrowser controlling = viewer();
        controlling.open(task.get("live_url").asText());
        await("the full view, while control is held").atMost(Duration.ofSeconds(5))
                .until(() -> controlling.driver().findElement(By.id("release")).isDisplayed());
        // The read-only page sends no input; a client that sends it anyway on the share socket is not heard.
        WebSocket shareSocket = HTTP.newWebSocketBuilder().buildAsync(URI.create(serverUrl().replaceFirst("^http", "ws")
                + "/share/" + shareToken + "/live/socket"), new WebSocket.Listener() {
        }).join();
        for (String action : List.of("down", "up")) {
            shareSocket.sendText("{\"type\": \"mouse\", \"action\": \"" + action + "\", \"x\": 0.5, \"y\": 0.5}",
                    true).join();
        }
        controlling.clickFrameCentre();
        await("only the full view's click reached the page").atMost(Duration.ofSeconds(5))
                .during(Duration.ofSeconds(1)).until(() -> clicks() == clicksBefore + 1);
        shareSocket.abort();
    }

    @Test
    void wrongTokensAndEndedTasksAreNotFoundForThePageAndTheSocket() throws Exception {
        JsonNode task = watchedTask(true);
        String id = task.get("id").asText();
        String liveToken = lastSegment(task.get("live_url").asText());
        String shareToken = lastSegment(task.get("public_share_url").asText());

        HttpResponse<String> page = get("/live/" + liveToken);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("X-Frame-Options").isEmpty(), "the page may be embedded");
        assertFalse(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors"));

        for (String wrong : List.of("/live/" + "A".repeat(32), "/live/not-a-token", "/live/" + shareToken,
                "/share/" + liveToken + "/live", "/share/" + "B".repeat(32) + "/live")) {
            assertNotFound(get(wrong), wrong);
            assertEquals(404, socketStatus(serverUrl() + wrong + "/socket", null), wrong + "/socket");
        }

        // The worker checks the token itself: another task's token (another account's) opens nothing there.
        JsonNode other = watchedTask(stack.client().createAccount(Map.of("name", "live-other", "max_running_tasks", 5))
                .client(), false);
        String otherToken = lastSegment(other.get("live_url").asText());
        String worker = stack.database().rows("select worker_live_address from tasks where id = ?::uuid", id)
                .get(0).get(0);
        String workerSocket = worker.replaceFirst("^http", "ws") + "/tasks/" + id + "/live";
        assertEquals(404, socketStatus(workerSocket, otherToken), "another task's token at the worker");
        assertEquals(404, socketStatus(workerSocket, null), "no token at the worker");
        assertEquals(101, socketStatus(workerSocket, liveToken), "the task's own token at the worker");

        stack.client().stop(id);
        stack.client().awaitEnd(id);
        assertNull(stack.client().task(id).get("live_url").textValue(), "live_url once the task ended");
        assertNotFound(get("/live/" + liveToken), "an ended task's page");
        assertEquals(404, socketStatus(serverUrl() + "/live/" + liveToken + "/socket", null), "an ended task's socket");
        assertNotFound(get("/share/" + shareToken + "/live"), "an ended task's read-only page");
    }

    /** A task of the class's account, running on the page (its first step done), with its live_url. */
    private JsonNode watchedTask(boolean shared) {
        return watchedTask(stack.client(), shared);
    }

    private JsonNode watchedTask(V1Client client, boolean shared) {
        String id = client.runTask(Map.of("task", MARKER + "and wait", "enable_public_share", shared));
        if (client == stack.client()) {
            tasks.add(id);
        }
        JsonNode task = client.awaitStatus(id, Duration.ofSeconds(60), "running");
        assertTrue(task.get("live_url").asText().startsWith(serverUrl() + "/live/"), task.toString());
        await("the task is on the page").atMost(Duration.ofSeconds(60))
                .until(() -> client.task(id).get("steps").size() >= 1);
        return client.task(id);
    }

    private ViewerBrowser viewer() {
        ViewerBrowser viewer = ViewerBrowser.start();
        viewers.add(viewer);
        return viewer;
    }

    /** Clicks the page's middle button reported to the site. */
    private static long clicks() {
        return stack.site().results().stream().filter(result -> result.containsKey("live_click")).count();
    }

    private static boolean isAPageColour(int[] seen) {
        return ViewerBrowser.close(seen, COLOURS[0]) || ViewerBrowser.close(seen, COLOURS[1]);
    }

    private static String serverUrl() {
        String api = stack.client().apiUrl();
        return api.substring(0, api.length() - "/api/v1".length());
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(serverUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNotFound(HttpResponse<String> response, String what) {
        assertEquals(404, response.statusCode(), what + ": " + response.body());
        assertTrue(response.body().contains("\"detail\""), what + ": " + response.body());
    }

    /** The status a WebSocket handshake gets: 101 when it opens (then closed at once), else the refusal's. */
    private static int socketStatus(String url, String token) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Live-Token", token);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create(url.replaceFirst("^http", "ws")), new WebSocket.Listener() {
            }).get(20, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static int steps(String id) {
        return stack.client().task(id).get("steps").size();
    }

    private static void awaitSteps(String id, int steps) {
        await("task " + id + " recorded " + steps + " steps").atMost(Duration.ofSeconds(60))
                .until(() -> steps(id) >= steps);
    }

    /** The worker's count of frames its browsers painted for live viewers. */
    private static double frames() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.workerManagementPort() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("browser_agent_live_frames_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no frame counter on the worker's metrics"));
    }
}
