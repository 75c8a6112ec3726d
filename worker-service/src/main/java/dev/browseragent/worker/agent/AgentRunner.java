package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.SessionRequest;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.failure.FailureReasons;
import dev.browseragent.worker.llm.ModelClient;
import dev.browseragent.worker.llm.ModelClientFactory;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openqa.selenium.WebDriverException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a task with the agent: a fresh browser from the pool, the model the task names, the loop until done or out of
 * steps; or, for a search task, the {@link SearchRun} that reads its pages with the same loop.
 */
@ApplicationScoped
public class AgentRunner {

    private static final Logger LOG = Logger.getLogger(AgentRunner.class);

    private final BrowserPool browsers;
    private final ModelClientFactory models;
    private final NetworkPolicy networkPolicy;
    private final AgentConfig config;
    private final PageLimitsConfig limits;
    private final SearchConfig search;
    private final TaskFiles files;
    private final List<SessionHooks> sessionHooks;

    public AgentRunner(BrowserPool browsers, ModelClientFactory models, NetworkPolicy networkPolicy,
                       AgentConfig config, SearchConfig search, PageLimitsConfig limits, TaskFiles files,
                       @All List<SessionHooks> sessionHooks) {
        this.browsers = browsers;
        this.models = models;
        this.networkPolicy = networkPolicy;
        this.config = config;
        this.limits = limits;
        this.search = search;
        this.files = files;
        this.sessionHooks = sessionHooks;
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
            return AgentResult.failed(FailureReasons.browserNotStarted(task.id(), e));
        }
        try {
            sessionHooks.forEach(hooks -> hooks.attach(task.id(), session));
            StepListener steps = listener.withSteps(step -> {
                if (step.number() == 1) {
                    sessionHooks.forEach(hooks -> hooks.firstStepDone(task.id(), session));
                }
                return step;
            });
            try {
                Map<String, Path> uploads = uploads(task, session.downloadDirectory().resolveSibling("uploads"));
                Downloads downloads = new Downloads(task.id(), session, files, limits);
                SearchRun.PageReader loop = (runTask, runListener) -> new AgentRun(runTask, runListener, session,
                        model, networkPolicy, config, limits, search.urlTemplate(), uploads, downloads).run();
                return task.search() == null ? loop.run(task, steps)
                        : new SearchRun(task, steps, session, networkPolicy, search.urlTemplate(), loop).run();
            } finally {
                sessionHooks.forEach(hooks -> hooks.detach(task.id(), session));
            }
        } finally {
            browsers.release(task.id(), session);
        }
    }

    /** The task's files on local disk, in the session's profile (deleted with it); none when they cannot be read. */
    private Map<String, Path> uploads(AgentTask task, Path directory) {
        if (task.includedFileNames().isEmpty()) {
            return Map.of();
        }
        try {
            Files.createDirectories(directory);
            return files.fetchUploads(task.id(), task.includedFileNames(), directory);
        } catch (IOException e) {
            LOG.warnf("Task %s: could not fetch its files: %s", task.id(), e.getMessage());
            return Map.of();
        }
    }
}
