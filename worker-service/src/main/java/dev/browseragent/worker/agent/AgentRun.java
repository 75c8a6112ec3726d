package dev.browseragent.worker.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.agent.action.ActionCatalog;
import dev.browseragent.worker.agent.action.ActionContext;
import dev.browseragent.worker.agent.action.ActionExecutor;
import dev.browseragent.worker.agent.action.ActionResult;
import dev.browseragent.worker.agent.action.ExecutedActions;
import dev.browseragent.worker.browser.BrowserErrors;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageState;
import dev.browseragent.worker.browser.Screenshot;
import dev.browseragent.worker.llm.ActionSpec;
import dev.browseragent.worker.llm.AgentOutput;
import dev.browseragent.worker.llm.ModelClient;
import dev.browseragent.worker.llm.ModelException;
import dev.browseragent.worker.llm.ModelRequest;
import org.jboss.logging.Logger;
import org.openqa.selenium.WebDriverException;

import java.util.List;
import java.util.Map;

/**
 * One run of the agent loop (agent-llm-contract): observe the page, ask the model, run its actions, record the step.
 * Holds what the run remembers from step to step.
 */
final class AgentRun {

    private static final Logger LOG = Logger.getLogger(AgentRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentTask task;
    private final StepListener listener;
    private final BrowserSession session;
    private final ModelClient model;
    private final NetworkPolicy networkPolicy;
    private final int maxConsecutiveFailures;
    private final boolean vision;
    private final String systemPrompt;
    private final ActionExecutor executor;
    private final PageObserver observer = new PageObserver();
    private final AgentHistory history = new AgentHistory();

    private PageState previousPage;
    private int consecutiveFailures;
    private String lastError;

    /** What one step came to. */
    private record StepOutcome(AgentStep step, ActionResult.Completion completion, String error) {
    }

    AgentRun(AgentTask task, StepListener listener, BrowserSession session, ModelClient model,
             NetworkPolicy networkPolicy, AgentConfig config) {
        this.task = task;
        this.listener = listener;
        this.session = session;
        this.model = model;
        this.networkPolicy = networkPolicy;
        this.maxConsecutiveFailures = config.maxConsecutiveFailures();
        this.vision = config.useVision() && task.useVision();
        this.systemPrompt = SystemPrompt.render(ActionCatalog.all(), config.maxActionsPerStep());
        this.executor = new ActionExecutor(config.maxActionsPerStep());
    }

    AgentResult run() {
        for (int number = 1; number <= task.maxSteps(); number++) {
            if (Thread.currentThread().isInterrupted()) {
                return AgentResult.failed("the run was interrupted");
            }
            boolean failedTooOften = consecutiveFailures >= maxConsecutiveFailures;
            PageState page;
            byte[] screenshot;
            try {
                page = observer.observe(session);
                screenshot = Screenshot.viewportPng(session);
            } catch (WebDriverException e) {
                return AgentResult.failed("the browser failed: " + BrowserErrors.summary(e));
            }
            StepOutcome outcome = step(number, page, screenshot, finishOnlyNotice(number, failedTooOften));
            // Outside any handling on purpose: if the listener throws, the task was taken away and the run ends.
            listener.onStep(outcome.step());
            if (outcome.completion() != null) {
                return AgentResult.finished(outcome.completion().text(), outcome.completion().success());
            }
            lastError = outcome.error();
            if (lastError == null) {
                consecutiveFailures = 0;
            } else if (failedTooOften) {
                return AgentResult.failed("too many consecutive failures (" + (consecutiveFailures + 1)
                        + "); the last: " + lastError);
            } else {
                consecutiveFailures++;
            }
            previousPage = page;
        }
        return AgentResult.failed("reached the maximum of " + task.maxSteps() + " steps without finishing"
                + (lastError == null ? "" : "; the last error: " + lastError));
    }

    /** Why this step may only finish, as the model is told; null on an ordinary step. */
    private String finishOnlyNotice(int number, boolean failedTooOften) {
        if (failedTooOften) {
            return "The last " + consecutiveFailures + " steps failed. Now you can only call done: report what you"
                    + " found, with success false if the task is not accomplished.";
        }
        if (number == task.maxSteps()) {
            return "This is the last step. Now you can only call done: report what you found, with success false"
                    + " if the task is not accomplished.";
        }
        return null;
    }

    private StepOutcome step(int number, PageState page, byte[] screenshot, String finishOnlyNotice) {
        List<ActionSpec> offered = finishOnlyNotice == null ? ActionCatalog.all() : ActionCatalog.doneOnly();
        String userText = StepPrompt.render(task.task(), history, page, previousPage, number, task.maxSteps(),
                finishOnlyNotice);
        AgentOutput output;
        listener.checkpoint();
        try {
            output = model.next(new ModelRequest(systemPrompt, userText, vision ? screenshot : null, offered));
        } catch (ModelException e) {
            LOG.infof("Task %s step %d: no usable model answer: %s", task.id(), number, e.getMessage());
            history.addFailure(number, e.getMessage());
            String actionsJson = json(List.of(Map.of("error", e.getMessage())));
            return new StepOutcome(new AgentStep(number, "", "", "", page.url(), actionsJson, screenshot), null,
                    e.getMessage());
        }
        listener.checkpoint();
        ExecutedActions actions = executor.execute(output.actions(), offered,
                new ActionContext(session, page, observer, networkPolicy));
        history.add(number, output, actions);
        AgentStep step = new AgentStep(number, output.evaluationPreviousGoal(), output.memory(), output.nextGoal(),
                page.url(), json(actions.outcomes()), screenshot);
        return new StepOutcome(step, actions.completion(), actions.error());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the step's actions as JSON", e);
        }
    }
}
