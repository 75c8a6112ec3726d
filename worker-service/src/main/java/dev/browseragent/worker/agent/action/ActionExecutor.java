package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.browser.BrowserErrors;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.ElementGoneException;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;
import org.openqa.selenium.WebDriverException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs one step's actions in order. It stops early, and reports the rest as not run, when an action fails, when
 * {@code done} ran, or when the URL or the tab changed: the model chose the later actions for a page that is gone.
 */
public final class ActionExecutor {

    private final ActionCatalog catalog;
    private final int maxActionsPerStep;

    public ActionExecutor(ActionCatalog catalog, int maxActionsPerStep) {
        this.catalog = catalog;
        this.maxActionsPerStep = maxActionsPerStep;
    }

    /** Where the browser is; when it moves, the rest of the step's actions no longer fit. */
    private record Position(String url, String tabId, Set<String> handles) {

        static Position of(BrowserSession session) {
            return new Position(session.currentUrl(), session.currentTabId(), session.handles());
        }
    }

    public ExecutedActions execute(List<ActionCall> calls, List<ActionSpec> offered, ActionContext context) {
        List<ActionOutcome> outcomes = new ArrayList<>();
        ActionResult.Completion completion = null;
        String stopReason = null;
        for (int i = 0; i < calls.size(); i++) {
            ActionCall call = calls.get(i);
            int number = i + 1;
            if (stopReason != null) {
                outcomes.add(ActionOutcome.notRun(call, stopReason));
                continue;
            }
            if (number > maxActionsPerStep) {
                outcomes.add(ActionOutcome.notRun(call, "a step runs at most " + maxActionsPerStep + " actions"));
                continue;
            }
            try {
                Position before = Position.of(context.session());
                context.beginAction(before.url(), number < calls.size() && number < maxActionsPerStep);
                ActionResult result = catalog.bind(call, offered).execute(context);
                String message = result.message();
                if (context.session().followTabChanges(before.handles())) {
                    message += "; it opened tab " + context.session().currentTabId() + ", which is now current";
                }
                outcomes.add(ActionOutcome.ok(call, message));
                if (result.completion() != null) {
                    completion = result.completion();
                    stopReason = "the task was finished by action " + number;
                } else if (!Position.of(context.session()).equals(before)) {
                    stopReason = "the page changed after action " + number + "; look at the new page first";
                }
            } catch (ActionException e) {
                outcomes.add(ActionOutcome.error(call, e.getMessage()));
                stopReason = "action " + number + " failed";
            } catch (ElementGoneException e) {
                outcomes.add(ActionOutcome.error(call, e.getMessage() + "; use an index from the current browser_state"));
                stopReason = "action " + number + " failed";
            } catch (WebDriverException e) {
                outcomes.add(ActionOutcome.error(call, BrowserErrors.summary(e)));
                stopReason = "action " + number + " failed";
            } catch (RuntimeException e) {
                // Whatever else an action throws is still the model's to read, never the end of the task.
                outcomes.add(ActionOutcome.error(call, "the action failed: " + BrowserErrors.describe(e)));
                stopReason = "action " + number + " failed";
            }
        }
        return new ExecutedActions(outcomes, completion);
    }
}
