package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.network.TestNetworkRules;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageState;
import dev.browseragent.worker.browser.SharedBrowser;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;

import static dev.browseragent.worker.agent.action.ActionOutcome.Status.ERROR;
import static dev.browseragent.worker.agent.action.ActionOutcome.Status.NOT_RUN;
import static dev.browseragent.worker.agent.action.ActionOutcome.Status.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedBrowser.class)
class ActionExecutorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = """
            <html><head><title>Search</title></head><body>
            <form action="/result"><input name="q"><button type="submit">Go</button></form>
            </body></html>""";

    private static TestSite site;
    private static BrowserSession browser;
    private final PageObserver observer = new PageObserver(40_000);
    private static final ActionCatalog CATALOG = ActionCatalog.of(null);
    private final ActionExecutor executor = new ActionExecutor(CATALOG, 3);

    @BeforeAll
    static void start(BrowserSession session) {
        browser = session;
        site = TestSite.start().page("/form", FORM);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @BeforeEach
    void startOnTheForm() {
        browser.driver().get(site.url("/form"));
    }

    private ExecutedActions execute(NetworkPolicy policy, List<ActionSpec> offered, String... actions) {
        List<ActionCall> calls = Arrays.stream(actions).map(action -> {
            try {
                return JSON.readValue(action, ActionCall.class);
            } catch (Exception e) {
                throw new IllegalArgumentException(action, e);
            }
        }).toList();
        PageState page = observer.observe(browser);
        return executor.execute(calls, offered, new ActionContext(browser, page, observer,
                new ActionEnvironment(policy, java.util.Map.of(), (query, markdown) -> "", 2_000_000, "", null, text -> text)));
    }

    private ExecutedActions execute(String... actions) {
        return execute(new NetworkPolicy(TestNetworkRules.rules(true)), CATALOG.all(), actions);
    }

    private static List<ActionOutcome.Status> statuses(ExecutedActions actions) {
        return actions.outcomes().stream().map(ActionOutcome::status).toList();
    }

    @Test
    void runsTheActionsInOrderAndStopsWhenThePageChanges() {
        ExecutedActions actions = execute(
                "{\"input\": {\"index\": 1, \"text\": \"red shoes\"}}",
                "{\"click\": {\"index\": 2}}",
                "{\"click\": {\"index\": 1}}");

        assertEquals(List.of(OK, OK, NOT_RUN), statuses(actions));
        assertEquals("the page changed after action 2; look at the new page first",
                actions.outcomes().get(2).message());
        assertEquals(site.url("/result?q=red+shoes"), browser.driver().getCurrentUrl());
        assertNull(actions.completion());
    }

    @Test
    void aNavigationThatAPageTimerStartsAfterAClickStopsTheStepsNextAction() {
        site.page("/later", """
                <html><body><button onclick="setTimeout(() => location.href = '/result?q=later', 30)">Later</button>
                <input name="q"></body></html>""");
        browser.driver().get(site.url("/later"));

        ExecutedActions actions = execute("{\"click\": {\"index\": 1}}",
                "{\"input\": {\"index\": 2, \"text\": \"x\"}}");

        assertEquals(List.of(OK, NOT_RUN), statuses(actions));
        assertEquals(site.url("/result?q=later"), browser.currentUrl());
    }

    @Test
    void aClickWhosePageAnnouncedALeaveThatLedNowhereDoesNotWaitForItAgain() {
        // A beforeunload without a navigation (as a download link gives) is announced to one wait only.
        site.page("/stay", """
                <html><body><button onclick="dispatchEvent(new Event('beforeunload'))">Announce</button>
                <button onclick="this.textContent = 'Clicked'">Plain</button></body></html>""");
        browser.driver().get(site.url("/stay"));
        execute("{\"click\": {\"index\": 1}}");

        long start = System.nanoTime();
        assertEquals(List.of(OK), statuses(execute("{\"click\": {\"index\": 2}}")));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "the second click did not wait for a navigation");
    }

    @Test
    void aFailedActionIsAnErrorForTheModelAndTheRestDoesNotRun() {
        ExecutedActions actions = execute("{\"click\": {\"index\": 99}}", "{\"input\": {\"index\": 1, \"text\": \"x\"}}");

        assertEquals(List.of(ERROR, NOT_RUN), statuses(actions));
        assertEquals("there is no element [99] on the page; use an index from the current browser_state",
                actions.outcomes().get(0).message());
        assertEquals("click: there is no element [99] on the page; use an index from the current browser_state",
                actions.error());
        assertTrue(actions.failed());
        assertEquals("unknown key 'Hyper'; use names such as Enter, Escape, Tab, ArrowDown, Backspace, Control,"
                        + " Shift, Alt, Meta, F5, or a single character",
                execute("{\"send_keys\": {\"keys\": \"Hyper+x\"}}").outcomes().get(0).message());
        assertEquals("in 'a+b', only Control, Shift, Alt or Meta can come before '+'",
                execute("{\"send_keys\": {\"keys\": \"a+b\"}}").outcomes().get(0).message());
    }

    @Test
    void navigateRefusesPrivateAddressesUnlessTheyAreAllowed() {
        String url = site.url("/result?q=internal");
        ExecutedActions refused = execute(new NetworkPolicy(TestNetworkRules.rules(false)), CATALOG.all(),
                "{\"navigate\": {\"url\": \"" + url + "\"}}");

        assertEquals(List.of(ERROR), statuses(refused));
        assertEquals("did not open " + url + ": 127.0.0.1 is the loopback (127.0.0.0/8) address 127.0.0.1, and "
                + "private networks are blocked on this service", refused.outcomes().get(0).message());
        assertEquals(site.url("/form"), browser.driver().getCurrentUrl());

        assertEquals(List.of(OK), statuses(execute("{\"navigate\": {\"url\": \"" + url + "\"}}")));
        assertEquals(url, browser.driver().getCurrentUrl());
    }

    @Test
    void navigateInANewTabMakesItCurrent() {
        String formTab = browser.currentTabId();

        ExecutedActions actions = execute("{\"navigate\": {\"url\": \"" + site.url("/result?q=tab") + "\", \"new_tab\": true}}",
                "{\"go_back\": {}}");
        PageState page = observer.observe(browser);

        assertEquals(List.of(OK, NOT_RUN), statuses(actions));
        assertEquals(2, page.tabs().size());
        assertTrue(!page.tabId().equals(formTab));
        assertEquals(site.url("/result?q=tab"), page.url());
        browser.driver().close();
        browser.followTabChanges(browser.handles());
        assertEquals(formTab, browser.currentTabId());
    }

    @Test
    void sendKeysGoBackAndScrollWorkOnThePage() {
        ExecutedActions typed = execute("{\"input\": {\"index\": 1, \"text\": \"boots\"}}",
                "{\"send_keys\": {\"keys\": \"Enter\"}}");
        assertEquals(List.of(OK, OK), statuses(typed));
        assertEquals(site.url("/result?q=boots"), browser.driver().getCurrentUrl());

        assertEquals(List.of(OK), statuses(execute("{\"go_back\": {}}")));
        assertEquals(site.url("/form"), browser.driver().getCurrentUrl());

        site.page("/tall", "<html><body><div style=\"height: 5000px\">Tall</div></body></html>");
        browser.driver().get(site.url("/tall"));
        assertEquals(List.of(OK), statuses(execute("{\"scroll\": {\"down\": true, \"pages\": 2}}")));
        assertEquals(2 * SharedBrowser.HEIGHT, observer.observe(browser).pixelsAbove());
    }

    @Test
    void doneEndsTheStepAndOnlyTheAllowedNumberOfActionsRuns() {
        ExecutedActions finished = execute("{\"done\": {\"text\": \"All done\", \"success\": true}}",
                "{\"click\": {\"index\": 2}}");
        assertEquals(List.of(OK, NOT_RUN), statuses(finished));
        assertEquals(new ActionResult.Completion("All done", true), finished.completion());

        ExecutedActions tooMany = execute("{\"scroll\": {}}", "{\"scroll\": {}}", "{\"scroll\": {}}",
                "{\"scroll\": {}}");
        assertEquals(List.of(OK, OK, OK, NOT_RUN), statuses(tooMany));
        assertEquals("a step runs at most 3 actions", tooMany.outcomes().get(3).message());
    }
}
