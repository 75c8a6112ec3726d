package dev.browseragent.worker.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.agent.action.ActionCatalog;
import dev.browseragent.worker.agent.action.ActionContext;
import dev.browseragent.worker.agent.action.ActionEnvironment;
import dev.browseragent.worker.agent.action.ActionException;
import dev.browseragent.worker.agent.action.ActionExecutor;
import dev.browseragent.worker.agent.action.ActionResult;
import dev.browseragent.worker.agent.action.ExecutedActions;
import dev.browseragent.worker.agent.action.Navigate;
import dev.browseragent.worker.agent.action.StructuredOutput;
import dev.browseragent.worker.browser.BrowserErrors;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageRenderer;
import dev.browseragent.worker.browser.PageState;
import dev.browseragent.worker.browser.Screenshot;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.failure.FailureReasons;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;
import dev.browseragent.worker.llm.AgentOutput;
import dev.browseragent.worker.llm.ModelClient;
import dev.browseragent.worker.llm.ModelException;
import dev.browseragent.worker.llm.ModelReply;
import dev.browseragent.worker.llm.ModelRequest;
import dev.browseragent.worker.llm.TokenUsage;
import dev.browseragent.worker.secret.TaskSecrets;
import org.jboss.logging.Logger;
import org.openqa.selenium.WebDriverException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the agent loop (docs/agent.md, "One step"): observe the page, ask the model, run its actions, record the
 * step. Holds what the run remembers from step to step.
 */
final class AgentRun {

    private static final Logger LOG = Logger.getLogger(AgentRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EXTRACT_INSTRUCTIONS = """
            You answer a question about a web page from its text, given as markdown. Answer only from the page; \
            quote names, numbers and prices exactly; say plainly when the page does not hold the answer.""";

    private final AgentTask task;
    private final StepListener listener;
    private final BrowserSession session;
    private final ModelClient model;
    private final AgentConfig config;
    private final boolean vision;
    private final String systemPrompt;
    private final ActionCatalog catalog;
    private final ActionExecutor executor;
    private final ActionEnvironment environment;
    private final Downloads downloads;
    private final TaskSecrets secrets;
    private final PageObserver observer;
    private final AgentHistory history;

    private PageState previousPage;
    private String previousPageText;
    private List<ActionCall> previousActions = List.of();
    private List<ActionCall> actionsBeforePrevious = List.of();
    private int consecutiveFailures;
    /** A person held the browser between the last step's model answer and its actions; the next step says so. */
    private boolean personActedBeforeActions;
    /**
     * Where the run starts when not on the pool's empty tab (a resumed task's page, the address the task names), for
     * its first step to say; null on the empty tab.
     */
    private String startNotice;
    /** Until the first observation: whether the browser is still as the pool handed it out, showing nothing. */
    private boolean onEmptyTab;
    private String lastError;
    /** What the last failed step's failure was, in the user's words (its detail is in the step). */
    private String lastFailure;
    /** Tokens the current step's extract calls used, added to the step's model call. */
    private TokenUsage extractTokens = TokenUsage.NONE;

    /**
     * What one step came to.
     *
     * @param error   the step's error for the model, null when it did not fail
     * @param failure the same in the user's words ({@link FailureReasons})
     */
    private record StepOutcome(AgentStep step, ActionResult.Completion completion, String error, String failure,
                               List<ActionCall> actions, PageState page) {
    }

    /** Recorded for the actions of a step that a person's takeover came between the model's answer and. */
    static final String ACTIONS_NOT_RUN = "Your actions were not run: a person took control of the browser before they"
            + " ran.";

    /** Told to the model after a person took the browser during a pause and handed it back. */
    static final String PERSON_ACTED = "A person took control of the browser while you were paused and has handed it"
            + " back: the page below is as they left it. Check what they changed before you go on.";

    AgentRun(AgentTask task, StepListener listener, BrowserSession session, ModelClient model,
             NetworkPolicy networkPolicy, AgentConfig config, PageLimitsConfig limits, String searchUrlTemplate,
             Map<String, Path> files, Downloads downloads) {
        this.task = task;
        this.listener = listener;
        this.session = session;
        this.model = model;
        this.config = config;
        this.downloads = downloads;
        this.secrets = session.secrets();
        this.vision = config.useVision() && task.useVision() && model.readsImages();
        StructuredOutput structuredOutput = task.structuredOutputJson() == null ? null
                : StructuredOutput.parse(task.structuredOutputJson());
        this.catalog = ActionCatalog.of(structuredOutput);
        this.systemPrompt = SystemPrompt.render(catalog.all(), config.maxActionsPerStep());
        this.executor = new ActionExecutor(catalog, config.maxActionsPerStep());
        this.history = new AgentHistory(config.historySteps());
        this.observer = new PageObserver(config.maxPageCharacters());
        this.environment = new ActionEnvironment(networkPolicy, files, this::extract, limits.extractHtmlCharacters(),
                searchUrlTemplate, structuredOutput, secrets::reveal);
    }

    AgentResult run() {
        startNotice = task.resumeUrl() != null ? resume(task.resumeUrl()) : openStartUrl();
        onEmptyTab = startNotice == null;
        for (int number = 1; number <= task.maxSteps(); number++) {
            if (Thread.currentThread().isInterrupted()) {
                return AgentResult.failed("the run was interrupted");
            }
            boolean failedTooOften = consecutiveFailures >= config.maxConsecutiveFailures();
            Observation seen = observe();
            StepOutcome outcome = seen.error() != null ? observationFailed(number, seen)
                    : step(number, seen, failedTooOften);
            PageState page = outcome.page();
            downloads.collect();
            // Outside any handling on purpose: if the listener throws, the task was taken away and the run ends.
            listener.onStep(number == 1 && startNotice != null ? outcome.step().withNotice(startNotice)
                    : outcome.step());
            if (outcome.completion() != null) {
                return AgentResult.finished(secrets.redact(outcome.completion().text()), outcome.completion().success());
            }
            lastError = outcome.error();
            lastFailure = outcome.failure();
            if (lastError == null) {
                consecutiveFailures = 0;
            } else if (failedTooOften) {
                return AgentResult.failed("too many consecutive failures (" + (consecutiveFailures + 1) + "); the last: "
                        + lastFailure);
            } else {
                consecutiveFailures++;
            }
            if (page != null) {
                previousPage = page;
            }
            actionsBeforePrevious = previousActions;
            previousActions = outcome.actions();
        }
        return AgentResult.failed("reached the maximum of " + task.maxSteps() + " steps without finishing"
                + (lastFailure == null ? "" : "; the last step failed: " + lastFailure));
    }

    /**
     * A paused task resumed after its browser was closed starts on the page its earlier attempt was on, in a new
     * browser (that page's state, and cookies it did not keep in a profile, are gone). Returns the notice that the
     * first step records and the model reads.
     */
    private String resume(String url) {
        String notice = "The task was paused and its browser closed; it resumes in a new browser at " + url
                + ". What that page held in the earlier browser (forms, cookies without a saved profile) may be gone.";
        try {
            session.driver().get(url);
        } catch (WebDriverException e) {
            notice += " Opening it failed: " + BrowserErrors.describe(e);
        }
        return secrets.redact(notice);
    }

    /**
     * A task that names one web address opens it before the first model call (when {@code open-start-url} is on; not
     * for a search, which opens its own pages): the first step reads that page rather than an empty tab, and the model
     * is told, in the first step's notice, that the browser opened it. Null when nothing was opened.
     */
    private String openStartUrl() {
        if (!config.openStartUrl() || task.search() != null) {
            return null;
        }
        return StartUrl.in(task.task()).map(url -> {
            String notice = "Before your first step the browser opened " + url + ", the address your task names.";
            try {
                new Navigate(url, false).execute(new ActionContext(session, null, observer, environment));
            } catch (ActionException e) {
                notice = "The browser tried to open " + url + ", the address your task names, before your first step: "
                        + e.getMessage() + ".";
            } catch (WebDriverException e) {
                notice = "The browser tried to open " + url + ", the address your task names, before your first step,"
                        + " and failed: " + BrowserErrors.describe(e) + ".";
            }
            return secrets.redact(notice);
        }).orElse(null);
    }

    /** What a step read of the page: its state and screenshot, or why it could not be read. */
    private record Observation(PageState page, byte[] screenshot, long millis, String error, String failure) {
    }

    private Observation observe() {
        long start = System.nanoTime();
        try {
            if (onEmptyTab) {
                onEmptyTab = false;
                Optional<PageState> empty = observer.emptyTab(session);
                if (empty.isPresent()) {
                    return new Observation(empty.get(), Screenshot.emptyPagePng(task.viewportWidth(),
                            task.viewportHeight()), millisSince(start), null, null);
                }
            }
            Observation seen = readPage(start);
            if (observer.changedSince(session, seen.page())) {
                // The last action's navigation started while the page was read (a page's timer): read the new one.
                seen = readPage(start);
            }
            return seen;
        } catch (RuntimeException e) {
            // Reading the page failed (a page that breaks the observer, a crashed tab...): the model hears of it
            // next step, and the run ends only if it keeps failing.
            return new Observation(null, null, millisSince(start),
                    "could not read the page: " + BrowserErrors.describe(e), FailureReasons.PAGE_UNREADABLE);
        }
    }

    private StepOutcome observationFailed(int number, Observation seen) {
        String readable = secrets.redact(seen.error());
        LOG.infof("Task %s step %d: %s", task.id(), number, readable);
        history.addFailure(number, readable);
        String url;
        try {
            url = session.currentUrl();
        } catch (WebDriverException e) {
            url = "";
        }
        AgentStep step = new AgentStep(number, "", "", "", url, json(List.of(Map.of("error", readable))), null,
                new AgentStep.Timings(seen.millis(), 0, 0), TokenUsage.NONE);
        return new StepOutcome(step, null, readable, seen.failure(), List.of(), null);
    }

    /** The page once loaded and its screenshot, taken at the same time when it has no highlights to wait for. */
    private Observation readPage(long start) {
        observer.awaitDocument(session);
        if (task.highlightElements()) {
            PageState page = observer.read(session);
            return new Observation(page, highlightedScreenshot(), millisSince(start), null, null);
        }
        Screenshot screenshot = Screenshot.start(session);
        PageState page = observer.read(session);
        return new Observation(page, screenshot.png(), millisSince(start), null, null);
    }

    /** The highlights are drawn for the screenshot only and removed at once: the next observation must not see them. */
    private byte[] highlightedScreenshot() {
        observer.drawHighlights(session);
        try {
            return Screenshot.viewportPng(session);
        } finally {
            observer.removeHighlights(session);
        }
    }

    /**
     * Lines for the model about this step: a person acted on the page, downloads refused since the last step, it can
     * only finish, it repeats itself, the page did not change.
     */
    private List<String> notices(int number, boolean failedTooOften, String pageText, boolean personActed) {
        List<String> notices = new ArrayList<>(downloads.takeNotices());
        if (number == 1 && startNotice != null) {
            notices.add(0, startNotice);
        }
        if (personActed) {
            notices.add(0, PERSON_ACTED);
        }
        if (failedTooOften) {
            notices.add("The last " + consecutiveFailures + " steps failed. Now you can only call done: report what"
                    + " you found, with success false if the task is not accomplished.");
        } else if (number == task.maxSteps()) {
            notices.add("This is the last step. Now you can only call done: report what you found, with success"
                    + " false if the task is not accomplished.");
        }
        if (!previousActions.isEmpty() && previousActions.equals(actionsBeforePrevious)) {
            notices.add("You asked for the same actions in your last two steps (" + previousActions
                    + "). Repeating them will not get further: try something else.");
        } else if (previousPage != null && pageText.equals(previousPageText) && !previousActions.isEmpty()) {
            notices.add("The page did not change after your last actions (" + previousActions
                    + "). If they did not work, do not repeat them: try another element or another way.");
        }
        return notices;
    }

    private StepOutcome step(int number, Observation seen, boolean failedTooOften) {
        boolean finishOnly = failedTooOften || number == task.maxSteps();
        List<ActionSpec> offered = finishOnly ? catalog.doneOnly() : catalog.all();
        // The prompt is written after the checkpoint: a person may have acted on the page while the run waited there.
        listener.checkpoint();
        boolean personActed = listener.personActed() || personActedBeforeActions;
        personActedBeforeActions = false;
        if (personActed) {
            seen = observe();
            if (seen.error() != null) {
                return observationFailed(number, seen);
            }
        }
        PageState page = seen.page();
        byte[] screenshot = seen.screenshot();
        long observeMillis = seen.millis();
        String pageText = PageRenderer.render(page, null);
        StepPrompt.Context context = new StepPrompt.Context(task.task(), secrets.names().stream().sorted().toList(),
                List.copyOf(environment.files().keySet()), history, number, task.maxSteps(),
                notices(number, failedTooOften, pageText, personActed), config.maxPageCharacters());
        String userText = secrets.redact(StepPrompt.render(context, page, previousPage));
        previousPageText = pageText;
        long modelStart = System.nanoTime();
        ModelReply<AgentOutput> reply;
        try {
            reply = model.next(new ModelRequest(systemPrompt, userText, vision ? screenshot : null, offered));
        } catch (ModelException e) {
            String error = secrets.redact(e.getMessage());
            LOG.infof("Task %s step %d: no usable model answer: %s", task.id(), number, error);
            history.addFailure(number, error);
            AgentStep step = new AgentStep(number, "", "", "", page.url(), json(List.of(Map.of("error", error))),
                    screenshot, new AgentStep.Timings(observeMillis, millisSince(modelStart), 0), TokenUsage.NONE);
            return new StepOutcome(step, null, error, FailureReasons.describe(e), List.of(), page);
        }
        long modelMillis = millisSince(modelStart);
        AgentOutput output = reply.value();
        extractTokens = TokenUsage.NONE;
        listener.checkpoint();
        if (listener.personActed()) {
            // The actions were chosen for the page before a person changed it: their element indexes may point
            // elsewhere now. The next step reads the page as the person left it and chooses again.
            personActedBeforeActions = true;
            history.addFailure(number, ACTIONS_NOT_RUN);
            AgentStep step = new AgentStep(number, secrets.redact(output.evaluationPreviousGoal()),
                    secrets.redact(output.memory()), secrets.redact(output.nextGoal()), page.url(),
                    json(List.of(Map.of("error", ACTIONS_NOT_RUN))), screenshot,
                    new AgentStep.Timings(observeMillis, modelMillis, 0), reply.usage());
            return new StepOutcome(step, null, null, null, List.of(), page);
        }
        long actStart = System.nanoTime();
        ExecutedActions actions = executor.execute(output.actions(), offered,
                new ActionContext(session, page, observer, environment));
        long actMillis = millisSince(actStart);
        history.add(number, output, actions);
        AgentStep step = new AgentStep(number, secrets.redact(output.evaluationPreviousGoal()),
                secrets.redact(output.memory()), secrets.redact(output.nextGoal()), page.url(),
                secrets.redact(json(actions.outcomes())), screenshot,
                new AgentStep.Timings(observeMillis, modelMillis, actMillis), reply.usage().plus(extractTokens));
        return new StepOutcome(step, actions.completion(), actions.error(),
                actions.error() == null ? null : FailureReasons.ACTION_FAILED, output.actions(), page);
    }

    private String extract(String query, String markdown) {
        try {
            ModelReply<String> answer = model.ask(EXTRACT_INSTRUCTIONS,
                    "Question: " + query + "\n\nThe page:\n" + secrets.redact(markdown));
            extractTokens = extractTokens.plus(answer.usage());
            return answer.value();
        } catch (ModelException e) {
            throw new ActionException("no answer from the model: " + e.getMessage());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** For what the run writes (a step's actions, a search's answer), which is always serialisable. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
