package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.PageElement;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageState;

/** What the actions of one step work with: the browser, the page the model saw, the run's environment. */
public final class ActionContext {

    private final BrowserSession session;
    private final PageState page;
    private final PageObserver observer;
    private final ActionEnvironment environment;

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

    /** After a click or key press: waits for a navigation it started, if any (see BrowserSession). */
    public void awaitNavigationStartedBy(String urlBefore) {
        session.awaitNavigationStartedBy(urlBefore, () -> observer.navigationStarting(session));
    }

    /** Runs a function in the agent's isolated world of the current tab's top document. */
    public Object script(String functionBody, Object... arguments) {
        return observer.call(session, functionBody, arguments);
    }
}
