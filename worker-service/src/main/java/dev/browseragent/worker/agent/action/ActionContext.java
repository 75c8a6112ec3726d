package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.ElementNode;
import dev.browseragent.worker.browser.PageObserver;
import dev.browseragent.worker.browser.PageState;
import org.openqa.selenium.WebElement;

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
     * The element the model called {@code [index]} in this step's page, scrolled into view.
     *
     * @throws ActionException when the page had no such element, or it has gone since
     */
    public WebElement element(int index) {
        ElementNode element = page.element(index).orElseThrow(() -> new ActionException(
                "there is no element [" + index + "] on the page; use an index from the current browser_state"));
        WebElement found = observer.locate(session, element).orElseThrow(() -> new ActionException(
                "element [" + index + "] is no longer on the page; use an index from the current browser_state"));
        session.driver().executeScript(PageScripts.SCROLL_INTO_VIEW, found);
        return found;
    }
}
