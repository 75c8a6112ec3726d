package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session recordings as a user gets them: a finished task's {@code /task/{id}/media} lists its video, which a browser
 * plays to its end, as long as the task ran after its first step.
 */
class RecordingIT {

    /** The shared stack records nothing (it would cost every other class's tasks); this one records, as by default. */
    @RegisterExtension
    static final StackExtension stack = StackExtension.own(config -> { });

    @Test
    void aFinishedTaskHasOneRecordingThatABrowserPlaysToItsEndForAboutAsLongAsTheTaskRan() throws Exception {
        stack.site().page("/recorded", "<html><head><title>Recorded</title></head><body><h1>Watch me</h1>"
                + "<button id=paint onclick=\"document.body.style.background = 'gold'\">Paint</button></body></html>");
        ScriptedTask recorded = new ScriptedTask(stack, "Record /recorded ", "Record /recorded while it changes colour");
        // Two still stretches (the waits) around a repaint: the video must hold a frame until the next one comes.
        recorded.when("Step 1 of", p -> agentOutput("Start", "", "Open", action("navigate", "url",
                        stack.site().url("/recorded"))))
                .when("Step 2 of", p -> agentOutput("Opened", "", "Look", action("wait", "seconds", 3)))
                .when("Step 3 of", p -> agentOutput("Looked", "", "Paint", action("click", "index",
                        p.indexOf("id=paint"))))
                .when("Step 4 of", p -> agentOutput("Painted", "", "Look", action("wait", "seconds", 3)))
                .when("Step 5 of", p -> agentOutput("Looked", "", "Report", action("done", "text", "Recorded",
                        "success", true)));

        JsonNode task = recorded.finish(Map.of("max_agent_steps", 6));

        String id = task.get("id").asText();
        JsonNode recordings = stack.client().get("/task/" + id + "/media").get("recordings");
        assertEquals(1, recordings.size(), recordings.toString());
        String url = recordings.get(0).asText();
        HttpResponse<byte[]> video = stack.client().download(url);
        assertEquals(200, video.statusCode());
        assertEquals("video/webm", video.headers().firstValue("Content-Type").orElse(""));
        assertTrue(video.body().length > 0);

        // The recording starts once the first step is done (its row is written just after) and ends with the run
        // (finished_at): the time from the first step's row to the end is what the video must last.
        double ranSeconds = Double.parseDouble(stack.database().value("""
                select extract(epoch from t.finished_at - s.created_at) from tasks t
                join task_steps s on s.task_id = t.id and s.attempt = t.attempt and s.step = 1
                where t.id = ?::uuid""", id));
        try (ViewerBrowser browser = ViewerBrowser.start()) {
            // Opened as a page of its own, Chromium shows the video in a <video> element; a page elsewhere could not
            // load it from a loopback address (Chromium's local network access rules).
            browser.open(url);
            JavascriptExecutor page = browser.driver();
            page.executeScript("""
                    const video = document.querySelector('video');
                    video.muted = true;
                    video.play();""");
            await("the recording played to its end").atMost(Duration.ofSeconds(Math.round(ranSeconds * 2) + 30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Object error = page.executeScript("const e = document.querySelector('video').error;"
                                + " return e && (e.code + ': ' + e.message);");
                        assertEquals(null, error, "the browser could not play the recording");
                        return Boolean.TRUE.equals(page.executeScript("return document.querySelector('video').ended;"));
                    });
            double playedSeconds = ((Number) page.executeScript("return document.querySelector('video').duration;"))
                    .doubleValue();
            System.out.printf("The task ran %.2f s after its first step, its recording plays %.2f s%n", ranSeconds, playedSeconds);
            assertEquals(ranSeconds, playedSeconds, ranSeconds * 0.25,
                    "the video lasts " + playedSeconds + " s, the task ran " + ranSeconds + " s after its first step");
        }
        assertEquals(List.of("1"), stack.database().column(
                "select attempt::text from task_recordings where task_id = ?::uuid", id));
    }
}
