package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.PageElement;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageState;

import java.time.Duration;

/** What the actions of one step work with: the browser, the page the model saw, the run's environment. */
public final class ActionContext {

    /** How long an action that may start a navigation watches the URL when another action of the step follows. */
    private static final Duration LOOK_BEFORE_NEXT_ACTION = Duration.ofMillis(60);

    private final BrowserSession session;
    private final PageState page;
    private final PageObserver observer;
    private final ActionEnvironment environment;
    private String urlBeforeAction;
    private boolean actionFollows;

    public ActionContext(BrowserSession session, PageState page, PageObserver observer, ActionEnvironment environment) {
        this.session = session;
        this.page = page;
        this.observer = observer;
        this.environment = environment;
    }

    public BrowserSession session() {
        return session;
    }

    public ActionEnvironment environment() {
        return environment;
    }

    /**
     * The element the model called {@code [index]} in this step's page. Using it throws
     * {@link dev.browseragent.worker.browser.ElementGoneException} when it has gone from the page since.
     *
     * @throws ActionException when the page had no such element
     */
    public PageElement element(int index) {
        return observer.element(session, page, index).orElseThrow(() -> new ActionException(
                "there is no element [" + index + "] on the page; use an index from the current browser_state"));
    }

    /** Before each action: the URL it starts on, and whether another action of the step runs after it. */
    void beginAction(String url, boolean anotherFollows) {
        this.urlBeforeAction = url;
        this.actionFollows = anotherFollows;
    }

    /**
     * After a click or key press: waits for a navigation it started, if any (see BrowserSession). Before another
     * action of the step, the URL is watched a while, as a page timer may start the navigation a little later; after
     * the step's last action, the next observation checks that the page did not change while it was read.
     */
    public void awaitNavigationStarted() {
        session.awaitNavigationStartedBy(urlBeforeAction, actionFollows ? LOOK_BEFORE_NEXT_ACTION : Duration.ZERO,
                () -> observer.navigationStarting(session));
    }

    /** Runs a function in the agent's isolated world of the current tab's top document. */
    public Object script(String functionBody, Object... arguments) {
        return observer.call(session, functionBody, arguments);
    }
}
