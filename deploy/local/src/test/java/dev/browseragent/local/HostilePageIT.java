package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page that tries to exhaust the worker running it, end to end (docs/agent.md, "What a page may make the worker
 * hold"): a 2 GB download, a 200 MB document read with {@code extract}, a script starting 1,000 downloads. Each
 * meets one of the task's caps ({@code browser-agent.limits.*}, at their defaults), the model is told in plain words
 * and finishes its task, and afterwards the same worker still runs a task to its end. The site generates the huge
 * bodies as it sends them, so the test itself holds none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostilePageIT {

    private static final long TWO_GIGABYTES = 2L << 30;
    private static final long TWO_HUNDRED_MEGABYTES = 200L << 20;
    private static final int DOWNLOAD_FILES_CAP = 20;
    private static final String DOCUMENT_QUESTION = "What is the answer the huge document gives?";
    private static final Duration SITE_HANGS_UP_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    /**
     * A task on a hostile page: its text ("Visit {path} and ...") is carried by every prompt of the task, so its rules
     * answer only its prompts; its first step opens the page.
     */
    private static ScriptedTask visit(String path, String goal) {
        ScriptedTask visit = new ScriptedTask(stack, "Visit " + path + " and ", "Visit " + path + " and " + goal);
        stack.model().when(p -> visit.isMine(p) && p.contains("Step 1 of"), p -> agentOutput("Start", "",
                "Open the page", action("navigate", "url", stack.site().url(path))));
        return visit;
    }

    /** Whether one of the task's prompts told the model this. */
    private static boolean told(ScriptedTask task, String fragment) {
        return task.prompts().stream().anyMatch(p -> p.contains(fragment));
    }

    @Test
    @Order(1)
    void aTwoGigabyteDownloadIsCancelledAtTheFileCapAndTheModelFinishesKnowingWhy() {
        stack.site().generated("/hostile/two-gigabytes", "application/octet-stream", "huge.zip", "",
                        "0123456789abcdef", TWO_GIGABYTES)
                .page("/hostile/download", page("Huge download",
                        "<a href=\"/hostile/two-gigabytes\">Download the archive</a>"));
        String refusal = "The download of huge.zip was refused: it is larger than 25 MiB, the limit for one file.";
        ScriptedTask download = visit("/hostile/download", "fetch the archive")
                .when(refusal, p -> done("The archive is larger than the worker allows"))
                .when("Title: Huge download", p -> agentOutput("Link", "", "Download",
                        action("click", "index", p.indexOf("<a")), action("wait", "seconds", 1)));

        JsonNode task = download.finish();

        assertEquals("The archive is larger than the worker allows", task.get("output").asText());
        assertTrue(told(download, refusal), "the model read the refusal");
        assertEquals(List.of(), texts(task.get("output_files")), "nothing over the cap is stored");
        assertEquals(List.of(), stack.bucket().keys("tasks/" + task.get("id").asText() + "/outputs/"));
        await("the browser hanging up on the download").atMost(SITE_HANGS_UP_WITHIN)
                .until(() -> !stack.site().isSending("/hostile/two-gigabytes"));
        long sent = stack.site().bytesSent("/hostile/two-gigabytes");
        assertTrue(sent < TWO_GIGABYTES / 4, "cancelled while it ran: " + sent + " bytes sent");
    }

    @Test
    @Order(2)
    void extractOnATwoHundredMegabyteDocumentAnswersFromItsBeginningAndSaysSo() {
        stack.site().generated("/hostile/huge-document", "text/html; charset=utf-8", null,
                // The bulk is in the document, not laid out: drawing 200 MB of text costs Chromium most of a minute
                // on a loaded machine and shows nothing about what the worker holds (it passes as well, slower).
                "<html><head><title>Huge document</title></head><body><p>The answer is 42.</p>\n<div hidden>",
                "<p>" + "More of the same words, again and again. ".repeat(40) + "</p>\n", TWO_HUNDRED_MEGABYTES);
        // The extract call carries the page, not the task: its rule needs no visit.
        stack.model().when(p -> p.contains("Question: " + DOCUMENT_QUESTION), p -> "42");
        ScriptedTask document = visit("/hostile/huge-document", "find the answer it gives")
                .when("Extracted \"" + DOCUMENT_QUESTION + "\" from the beginning of the page only",
                        p -> done("The answer is 42"))
                .when("Title: Huge document", p -> agentOutput("Document", "", "Extract",
                        action("extract", "query", DOCUMENT_QUESTION)));

        JsonNode task = document.finish();

        assertEquals("The answer is 42", task.get("output").asText());
        ModelPrompt extract = stack.model().requests().stream()
                .filter(p -> p.contains("Question: " + DOCUMENT_QUESTION)).findFirst().orElseThrow();
        assertTrue(extract.contains("The answer is 42."), "the page's beginning was read");
        assertTrue(extract.contains("(the page continues; the rest was cut)"),
                "and the extract model was told it is only the beginning");
        assertTrue(extract.userText().length() < 200_000, "only a bounded part crossed: "
                + extract.userText().length() + " characters");
    }

    @Test
    @Order(3)
    void aScriptStartingAThousandDownloadsGetsTheFileCapAndTheModelHearsTheRestWereRefused() {
        stack.site().page("/hostile/many-downloads", page("Many downloads", """
                <p>Preparing your files</p>
                <script>
                  // A few at a time: Chromium drops most of a thousand clicks made at once before they start.
                  let next = 0;
                  const burst = setInterval(() => {
                    for (const last = Math.min(next + 5, 1000); next < last; next++) {
                      const link = document.createElement('a');
                      link.href = URL.createObjectURL(new Blob(['file ' + next]));
                      link.download = 'file-' + next + '.txt';
                      document.body.appendChild(link);
                      link.click();
                      link.remove();
                    }
                    if (next === 1000) clearInterval(burst);
                  }, 10);
                </script>"""));
        String countRefusal = "was refused: this task has already downloaded " + DOWNLOAD_FILES_CAP
                + " files, the limit.";
        ScriptedTask many = visit("/hostile/many-downloads", "collect the files")
                .when(countRefusal, p -> done("The page offered more files than a task may keep"))
                .when("Title: Many downloads", p -> agentOutput("Waiting", "", "Let the files arrive",
                        action("wait", "seconds", 2)));

        JsonNode task = many.finish(Map.of("max_agent_steps", 10));

        List<String> kept = texts(task.get("output_files"));
        // At most the cap: one still running when the task ended is not kept.
        assertTrue(kept.size() <= DOWNLOAD_FILES_CAP && !kept.isEmpty(), kept.size() + " kept: " + kept);
        assertTrue(kept.stream().allMatch(name -> name.matches("file-\\d+\\.txt")), kept.toString());
        assertTrue(told(many, countRefusal), "the model read why: the cap, not Chromium, stopped them");
        for (ModelPrompt prompt : many.prompts()) {
            assertTrue(prompt.userText().split("was refused", -1).length - 1 <= 3,
                    "a step tells three refusals at most, and counts the rest: " + prompt.userText());
        }
    }

    @Test
    @Order(4)
    void afterwardsTheSameWorkerStillRunsATaskToItsEnd() {
        stack.site().page("/hostile/calm", page("Calm page", "<p>Nothing to see</p>"));
        ScriptedTask calm = visit("/hostile/calm", "say it is calm")
                .when("Title: Calm page", p -> done("Calm"));

        assertEquals("Calm", calm.finish().get("output").asText());
    }

    private static String done(String text) {
        return agentOutput("Done", "", "Report", action("done", "text", text, "success", true));
    }

    private static String page(String title, String body) {
        return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
