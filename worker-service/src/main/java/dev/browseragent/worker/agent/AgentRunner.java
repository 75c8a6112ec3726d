package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.BrowserErrors;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.SessionRequest;
import dev.browseragent.worker.llm.ModelClient;
import dev.browseragent.worker.llm.ModelClientFactory;
import jakarta.enterprise.context.ApplicationScoped;
import org.openqa.selenium.WebDriverException;

/** Runs a task with the agent: a fresh browser from the pool, the model the task names, the loop until done or out of steps. */
@ApplicationScoped
public class AgentRunner {

    private final BrowserPool browsers;
    private final ModelClientFactory models;
    private final NetworkPolicy networkPolicy;
    private final AgentConfig config;

    public AgentRunner(BrowserPool browsers, ModelClientFactory models, NetworkPolicy networkPolicy,
                       AgentConfig config) {
        this.browsers = browsers;
        this.models = models;
        this.networkPolicy = networkPolicy;
        this.config = config;
    }

    /**
     * Runs the task to its end. The browser is opened here and always closed before this returns or throws.
     * Failures of the model or the browser end the run with a failure reason, never an exception.
     *
     * @param listener told about each step; whatever it throws stops the run and propagates from here
     */
    public AgentResult run(AgentTask task, StepListener listener) {
        ModelClient model = models.forModel(task.llmModel());
        BrowserSession session;
        try {
            session = browsers.take(new SessionRequest(task.id(), task.viewportWidth(), task.viewportHeight()));
        } catch (WebDriverException e) {
            return AgentResult.failed("the browser could not be started: " + BrowserErrors.summary(e));
        }
        try {
            return new AgentRun(task, listener, session, model, networkPolicy, config).run();
        } finally {
            browsers.release(task.id(), session);
        }
    }
}
