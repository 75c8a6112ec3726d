package dev.browseragent.worker.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the current tab's page in one script call ({@code page-observer.js}, which returns one JSON string) in the
 * agent's {@link IsolatedWorld}, and finds its elements again when an action of the same step needs one. The page's
 * own scripts cannot see the element registry nor change what the observer calls.
 */
public final class PageObserver {

    /** Elements this far above or below the viewport still count as visible: what a small scroll would show. */
    static final int VIEWPORT_MARGIN_PX = 500;

    /** How long an observation waits for the document to finish loading before it reads what is there. */
    private static final Duration READY_WAIT = Duration.ofSeconds(5);

    private static final String OBSERVER_SCRIPT = resource("page-observer.js");
    /** What a tab shows before anything is loaded: chromedriver opens a new browser on {@code data:,}. */
    private static final Set<String> EMPTY_PAGES = Set.of("about:blank", "data:,");
    /** Runs a function on a registered element: the element is its first argument, then the caller's. */
    private static final String ON_ELEMENT = """
            const r = globalThis.__browserAgent;
            const el = r && r.elements.get(arguments[0]);
            if (!el || !el.isConnected) return {gone: true};
            return {value: (function () { %s }).apply(null, [el].concat(Array.from(arguments).slice(1)))};""";

    /**
     * Reads and clears the announcement after two turns of the page's event loop, through message tasks (timers are
     * throttled in a background tab).
     */
    private static final String NAVIGATION_STARTING = """
            const n = globalThis.__browserAgentNavigation;
            const channel = new MessageChannel();
            return new Promise(resolve => {
              let turns = 0;
              channel.port1.onmessage = () => {
                if (++turns < 2) {
                  channel.port2.postMessage(null);
                  return;
                }
                channel.port1.close();
                const leaving = !!(n && n.starting);
                if (n) n.starting = false;
                resolve(leaving);
              };
              channel.port2.postMessage(null);
            });""";
    /** A world without the observer's registry belongs to a document that replaced the observed one. */
    private static final String CHANGED_SINCE = """
            const n = globalThis.__browserAgentNavigation;
            const leaving = !!(n && n.starting);
            if (n) n.starting = false;
            if (!globalThis.__browserAgent || location.href !== arguments[0]) return 'replaced';
            return leaving ? 'leaving' : null;""";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The observer script's answer. */
    private record Snapshot(String url, String title, int pixelsAbove, int pixelsBelow, List<PageNode> nodes) {
    }

    private final IsolatedWorld world = new IsolatedWorld();
    private final int maxCharacters;

    /**
     * @param maxCharacters the most characters of text and attribute values one observation reads out of the page:
     *                      a page's text beyond what the step's prompt shows is never copied
     */
    public PageObserver(int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    /**
     * The observation of a tab nothing has been loaded into yet, as a browser comes from the pool: known without
     * reading the page, which would cost a step about 50 ms (the screenshot most of it). Empty when the browser has
     * loaded something after all, or opened another tab.
     */
    public Optional<PageState> emptyTab(BrowserSession session) {
        String url = session.currentUrl();
        if (!EMPTY_PAGES.contains(url) || session.handles().size() != 1) {
            return Optional.empty();
        }
        String tab = session.currentTabId();
        return Optional.of(new PageState(url, "", tab, List.of(new Tab(tab, url, "")), 0, 0, List.of()));
    }

    /** Reads the page once its document has finished loading (or has tried for a while: see {@link #awaitDocument}). */
    public PageState observe(BrowserSession session) {
        awaitDocument(session);
        return read(session);
    }

    /** Reads the page as it is now. */
    public PageState read(BrowserSession session) {
        String json = (String) world.call(session, OBSERVER_SCRIPT, VIEWPORT_MARGIN_PX, maxCharacters);
        Snapshot snapshot;
        try {
            snapshot = JSON.readValue(json, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page observer returned unreadable JSON: " + e.getOriginalMessage(), e);
        }
        return new PageState(snapshot.url(), snapshot.title(), session.currentTabId(), session.tabs(),
                snapshot.pixelsAbove(), snapshot.pixelsBelow(), snapshot.nodes());
    }

    /**
     * The element of the latest observation with this index, to act on; empty when the page had no such element.
     * Whether it is still in the page is found out when it is used.
     */
    public Optional<PageElement> element(BrowserSession session, PageState page, int index) {
        return page.element(index).map(element -> new PageElement(this, session, index));
    }

    /**
     * Calls a function in the isolated world with the registered element as its first argument.
     *
     * @throws ElementGoneException when the element is no longer in the page
     */
    Object callOnElement(BrowserSession session, int index, String functionBody, Object... arguments) {
        Object[] all = new Object[arguments.length + 1];
        all[0] = index;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        Map<?, ?> result = (Map<?, ?>) world.call(session, ON_ELEMENT.formatted(functionBody), all);
        if (result == null || Boolean.TRUE.equals(result.get("gone"))) {
            throw new ElementGoneException(index);
        }
        return result.get("value");
    }

    /**
     * Whether the current document announced that it is being left (a navigation is starting) since the
     * announcement was last read (here or by {@link #changedSince}), once the tasks that the last input queued (a form
     * submission, a zero-delay timer) have run.
     */
    public boolean navigationStarting(BrowserSession session) {
        return Boolean.TRUE.equals(world.call(session, NAVIGATION_STARTING));
    }

    /**
     * Whether the page observed last has changed since: its URL changed, its document was replaced, or it announced
     * it is being left, in which case this waits for the navigation to start. Consumes the announcement, as
     * {@link #navigationStarting} does.
     */
    public boolean changedSince(BrowserSession session, PageState page) {
        Object change = world.call(session, CHANGED_SINCE, page.url());
        if ("leaving".equals(change)) {
            session.awaitNavigationStartedBy(page.url(), Duration.ZERO, () -> true);
        }
        return change != null;
    }

    /** Calls a function in the isolated world of the current tab's top document. */
    public Object call(BrowserSession session, String functionBody, Object... arguments) {
        return world.call(session, functionBody, arguments);
    }

    /** Like {@link #callOnElement}, returning the element itself as a CDP remote object id (for DOM commands). */
    String objectId(BrowserSession session, int index) {
        return world.objectId(session, "const r = globalThis.__browserAgent; const el = r && r.elements.get("
                + index + "); return el && el.isConnected ? el : null;").orElseThrow(() -> new ElementGoneException(index));
    }

    /** Draws numbered boxes over the elements of the latest observation (see {@link Highlights}). */
    public void drawHighlights(BrowserSession session) {
        Highlights.draw(world, session);
    }

    public void removeHighlights(BrowserSession session) {
        Highlights.remove(world, session);
    }

    /**
     * Waits until the current document has finished loading, at most a few seconds: a page that never finishes (long
     * polling, a slow resource) is then observed as it is.
     */
    public void awaitDocument(BrowserSession session) {
        try {
            new WebDriverWait(session.driver(), READY_WAIT)
                    .pollingEvery(Duration.ofMillis(50))
                    .ignoring(WebDriverException.class)
                    .until(d -> "complete".equals(world.call(session, "return document.readyState;")));
        } catch (TimeoutException e) {
            // Observed as it is.
        }
    }

    private static String resource(String name) {
        try (InputStream in = PageObserver.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + PageObserver.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
