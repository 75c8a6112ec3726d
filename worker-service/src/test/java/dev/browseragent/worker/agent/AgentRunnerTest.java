package dev.browseragent.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.LlmConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent loop end to end: a real Chromium on a local site, the model played by a scripted server. */
class AgentRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final List<String> ALL_ACTIONS =
            List.of("navigate", "search", "go_back", "wait", "click", "input", "select_dropdown", "dropdown_options",
                    "scroll", "find_text", "send_keys", "switch", "close", "upload_file", "extract", "done");

    private static TestSite site;
    private static ScriptedModelServer model;
    private static AgentRunner agent;
    private final List<AgentStep> steps = new ArrayList<>();

    @BeforeAll
    static void start() {
        site = TestSite.start().page("/search", """
                <html><head><title>Shoe search</title></head><body>
                <h1>Find shoes</h1>
                <form action="/result"><input name="q" placeholder="Search"><button type="submit">Search</button></form>
                </body></html>""");
        model = ScriptedModelServer.start();
        agent = new AgentRunner(
                BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), TestNetworkRules.rules(true))),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                        "browser-agent.llm.openai.base-url", model.baseUrl())),
                new NetworkPolicy(TestNetworkRules.rules(true)),
                TestConfigs.mapping(AgentConfig.class), TestConfigs.mapping(SearchConfig.class),
                TestConfigs.mapping(PageLimitsConfig.class), new LocalTaskFiles(), List.of(TestNetworkRules.noSafeguards()));
    }

    @AfterAll
    static void stop() {
        model.close();
        site.close();
    }

    @BeforeEach
    void newScenario() {
        model.reset();
    }

    private AgentResult run(int maxSteps, boolean useVision) {
        return agent.run(AgentTask.of(UUID.randomUUID(), "Search the shoe shop at " + site.url("/search")
                + " for running shoes", "gpt-4.1", maxSteps, 1024, 768, useVision), steps::add);
    }

    @Test
    void navigatesTypesClicksAndFinishesWithTheAnswer() throws Exception {
        model.when(p -> p.contains("q: running shoes"), p -> agentOutput(
                        "Success: the results are shown", "Searched for running shoes", "Report the result",
                        action("done", "text", "The shop has results for running shoes", "success", true)))
                .when(p -> p.contains("placeholder=Search"), p -> agentOutput(
                        "Success: the search page is open", "On the search page", "Search for running shoes",
                        action("input", "index", p.indexOf("name=q"), "text", "running shoes", "clear", true),
                        action("click", "index", p.indexOf("type=submit"))))
                .when(p -> p.contains("Step 1 of 5"), p -> agentOutput(
                        "Nothing done yet", "Starting", "Open the shop",
                        action("navigate", "url", site.url("/search"), "new_tab", false)));

        AgentResult result = run(5, true);

        assertEquals(new AgentResult(true, "The shop has results for running shoes", null), result);
        assertEquals(List.of(1, 2, 3), steps.stream().map(AgentStep::number).toList());
        assertEquals(List.of("about:blank", site.url("/search"), site.url("/result?q=running+shoes")),
                steps.stream().map(AgentStep::url).toList());
        assertEquals(List.of("Open the shop", "Search for running shoes", "Report the result"),
                steps.stream().map(AgentStep::nextGoal).toList());
        assertEquals("Success: the search page is open", steps.get(1).evaluationPreviousGoal());
        assertEquals("On the search page", steps.get(1).memory());
        JsonNode searchActions = JSON.readTree(steps.get(1).actionsJson());
        assertEquals("running shoes", searchActions.at("/0/action/input/text").asText());
        assertEquals("ok", searchActions.at("/0/status").asText());
        assertEquals("click", searchActions.get(1).get("action").fieldNames().next());
        assertEquals("ok", searchActions.at("/1/status").asText());
        steps.forEach(step -> assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(step.screenshotPng(), 4)));

        List<ModelPrompt> prompts = model.requests();
        assertEquals(3, prompts.size());
        ModelPrompt first = prompts.get(0);
        assertTrue(first.contains("<user_request>\nSearch the shoe shop at " + site.url("/search")), first.userText());
        assertTrue(first.contains("Step 1 of 5"));
        assertTrue(first.systemText().contains("- click(index): Click the element with this index."));
        assertEquals(ALL_ACTIONS, first.offeredActions());
        ModelPrompt second = prompts.get(1);
        assertTrue(second.contains("URL: " + site.url("/search") + "\nTitle: Shoe search\n"), second.userText());
        assertTrue(second.contains("""
                Find shoes
                [1]<input type=text name=q placeholder=Search />
                [2]<button type=submit />
                \tSearch
                """), second.userText());
        assertTrue(second.contains("<step_1>\nEvaluation of previous step: Nothing done yet\n"));
        assertTrue(second.contains("-> ok: Opened " + site.url("/search")));
        assertTrue(second.contains("Step 2 of 5"));
        ModelPrompt third = prompts.get(2);
        assertTrue(third.contains("{\"click\":{\"index\":2}} -> ok: Clicked element [2]"), third.userText());
        prompts.forEach(prompt -> {
            assertEquals(1, prompt.images().size());
            assertTrue(prompt.images().get(0).startsWith("data:image/png;base64,"));
        });
    }

    @Test
    void malformedAnswersAreFailedStepsAndAfterTooManyTheModelMayOnlyFinish() throws Exception {
        model.when(p -> true, p -> "I would click the search button");

        AgentResult result = run(10, false);

        assertFalse(result.success());
        assertNull(result.output());
        assertEquals("too many consecutive failures (4); the last: the model's answer could not be used",
                result.failureReason());
        List<ModelPrompt> prompts = model.requests();
        assertEquals(4, prompts.size());
        assertEquals(ALL_ACTIONS, prompts.get(2).offeredActions());
        assertEquals(List.of("done"), prompts.get(3).offeredActions());
        assertTrue(prompts.get(3).contains("The last 3 steps failed. Now you can only call done"));
        assertTrue(prompts.get(1).contains("<step_1>\nThis step failed: the model's answer is not a valid AgentOutput"));
        assertTrue(prompts.stream().allMatch(prompt -> prompt.images().isEmpty()), "vision is off for this task");
        assertEquals(4, steps.size());
        assertEquals("", steps.get(0).nextGoal());
        assertTrue(JSON.readTree(steps.get(0).actionsJson()).at("/0/error").asText().contains("not a valid AgentOutput"));
    }

    @Test
    void aNavigationThatAPageTimerStartsAfterTheStepsLastClickIsWhatTheNextStepSees() {
        site.page("/later", """
                <html><head><title>Later</title></head><body>
                <button onclick="setTimeout(() => location.href = '/result?q=later', 40)">Later</button>
                </body></html>""");
        model.when(p -> p.contains("q: later"), p -> agentOutput("", "", "Report",
                        action("done", "text", "Arrived", "success", true)))
                .when(p -> p.contains("Title: Later"), p -> agentOutput("", "", "Go on",
                        action("click", "index", p.indexOf("<button"))))
                .when(p -> p.contains("Step 1 of"), p -> agentOutput("", "", "Open the page",
                        action("navigate", "url", site.url("/later"))));

        AgentResult result = run(4, false);

        assertEquals(new AgentResult(true, "Arrived", null), result);
        assertEquals(site.url("/result?q=later"), steps.get(2).url());
    }

    @Test
    void theLastStepOffersOnlyDone() {
        model.when(p -> p.offeredActions().equals(List.of("done")), p -> agentOutput(
                        "The page is open", "Did not get to search", "Report",
                        action("done", "text", "Ran out of steps before searching", "success", false)))
                .when(p -> p.contains("Step 1 of 2"), p -> agentOutput("", "", "Open the shop",
                        action("navigate", "url", site.url("/search"))));

        AgentResult result = run(2, true);

        assertEquals(new AgentResult(false, "Ran out of steps before searching",
                "the agent finished without accomplishing the task"), result);
        assertEquals(ALL_ACTIONS, model.requests().get(0).offeredActions());
        assertTrue(model.requests().get(1).contains("This is the last step. Now you can only call done"));
    }

    @Test
    void aStepReadsThePageAgainAfterAPersonHeldTheBrowserAndTellsTheModel() {
        // The "person" is the page itself: it changes a while after it loads and tells the test site it did.
        site.page("/person", """
                <html><head><title>Before</title></head><body><p>Untouched</p><script>
                setTimeout(() => { document.title = 'After'; document.body.innerHTML = '<p>Changed by a person</p>';
                                   fetch('/result?changed=1'); }, 1500);
                </script></body></html>""");
        model.when(p -> p.contains("Title: After"), p -> agentOutput("", "", "Report",
                        action("done", "text", "Saw the change", "success", true)))
                .when(p -> p.contains("Title: Before"), p -> agentOutput("", "", "Wait", action("wait", "seconds", 0)))
                .when(p -> p.contains("Step 1 of"), p -> agentOutput("", "", "Open the page",
                        action("navigate", "url", site.url("/person"))));
        StepListener pausedWhileAPersonActs = new StepListener() {
            private int checkpoints;
            private boolean acted;

            @Override
            public void onStep(AgentStep step) {
                steps.add(step);
            }

            @Override
            public void checkpoint() {
                if (++checkpoints == 3) { // before step 2's model call, after the step read the page
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> site.results().stream().anyMatch(query -> query.containsKey("changed")));
                    acted = true;
                }
            }

            @Override
            public boolean personActed() {
                boolean told = acted;
                acted = false;
                return told;
            }
        };

        AgentResult result = agent.run(AgentTask.of(UUID.randomUUID(), "Watch the page", "gpt-4.1", 4, 800, 600, false),
                pausedWhileAPersonActs);

        assertEquals(new AgentResult(true, "Saw the change", null), result);
        ModelPrompt second = model.requests().get(1);
        assertTrue(second.contains("Changed by a person"), second.userText());
        assertTrue(second.contains(AgentRun.PERSON_ACTED), second.userText());
        assertFalse(model.requests().get(0).contains(AgentRun.PERSON_ACTED));
        assertEquals(2, steps.size());
    }

    @Test
    void aListenerThatThrowsStopsTheRun() {
        model.when(p -> true, p -> agentOutput("", "", "Wait", action("wait", "seconds", 0)));
        IllegalStateException taskTakenAway = new IllegalStateException("the task was taken away");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> agent.run(AgentTask.of(UUID.randomUUID(), "Wait", "gpt-4.1", 5, 800, 600, false), step -> {
                    throw taskTakenAway;
                }));

        assertSame(taskTakenAway, thrown);
        assertEquals(1, model.requests().size());
    }

    @Test
    void aBrowserThatCannotStartFailsTheRunSayingSoWithoutItsDiagnostics() {
        AgentRunner withoutChromium = new AgentRunner(
                BrowserPool.unpooled(new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class,
                        "browser-agent.browser.chromium", "/nonexistent/chromium"), TestNetworkRules.rules(true))),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                        "browser-agent.llm.openai.base-url", model.baseUrl())),
                new NetworkPolicy(TestNetworkRules.rules(true)),
                TestConfigs.mapping(AgentConfig.class), TestConfigs.mapping(SearchConfig.class),
                TestConfigs.mapping(PageLimitsConfig.class), new LocalTaskFiles(), List.of(TestNetworkRules.noSafeguards()));

        AgentResult result = withoutChromium.run(
                AgentTask.of(UUID.randomUUID(), "Anything", "gpt-4.1", 5, 800, 600, true), steps::add);

        assertEquals(AgentResult.failed("The browser could not be started"), result);
        assertTrue(model.requests().isEmpty());
    }
}
