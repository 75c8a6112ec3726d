package dev.browseragent.worker.browser;

import dev.browseragent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedBrowser.class)
class PageObserverTest {

    private static TestSite site;
    private static BrowserSession browser;
    private final PageObserver observer = new PageObserver(40_000);

    @BeforeAll
    static void start(BrowserSession session) {
        browser = session;
        site = TestSite.start();
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private PageState open(String path, String html) {
        site.page(path, html);
        browser.driver().get(site.url(path));
        return observer.observe(browser);
    }

    private static ElementNode elementWhoseLineContains(PageState page, String fragment) {
        for (String line : PageRenderer.render(page, null).split("\n")) {
            if (line.contains(fragment)) {
                int index = Integer.parseInt(line.substring(line.indexOf('[') + 1, line.indexOf(']')));
                return page.element(index).orElseThrow();
            }
        }
        throw new AssertionError("no line contains " + fragment);
    }

    @Test
    void rendersTheVisibleInteractiveElementsWithIndexesAndTheTextAroundThem() {
        PageState page = open("/shop", """
                <html><head><title>Shoe shop</title><style>.gone { display: none }</style></head><body>
                <h1>Shoe shop</h1>
                <form action="/result"><input name="q" placeholder="Search"><button type="submit">Search</button></form>
                <a href="/x"><span>Running shoe X</span> — $89</a>
                <div role="button" aria-label="Menu"><button type="button">Open</button></div>
                <div class="gone"><button>Hidden by CSS</button></div>
                <button style="visibility: hidden">Invisible</button>
                <input type="hidden" name="token" value="secret-token">
                <script>var notText = 1;</script>
                </body></html>""");

        assertEquals("""
                Shoe shop
                [1]<input type=text name=q placeholder=Search />
                [2]<button type=submit />
                \tSearch
                [3]<a />
                \tRunning shoe X
                \t— $89
                [4]<div role=button aria-label=Menu />
                \t[5]<button type=button />
                \t\tOpen
                """, PageRenderer.render(page, null));
        assertEquals(site.url("/shop"), page.url());
        assertEquals("Shoe shop", page.title());
        assertEquals(browser.currentTabId(), page.tabId());
        assertEquals(1, page.tabs().size());
    }

    @Test
    void showsFieldValuesButNeverAPasswordAndCutsLongValues() {
        open("/login", """
                <html><body><input name="user" value="%s"><input type="password" name="pw">
                <input type="checkbox" name="remember" checked></body></html>""".formatted("a".repeat(150)));
        PageState typed = observer.observe(browser);
        observer.element(browser, typed, elementWhoseLineContains(typed, "name=pw").index()).orElseThrow()
                .type("hunter2", true);

        String rendered = PageRenderer.render(observer.observe(browser), null);

        assertTrue(rendered.contains("[1]<input type=text name=user value=" + "a".repeat(100) + " />"), rendered);
        assertTrue(rendered.contains("[2]<input type=password name=pw />"), rendered);
        assertTrue(rendered.contains("[3]<input type=checkbox name=remember value=on checked=true />"), rendered);
        assertFalse(rendered.contains("hunter2"));
    }

    @Test
    void rendersOpenShadowRootsAndSameOriginIframesInPlaceWhereActionsReachThem() {
        site.page("/inner", "<html><body><p>In the frame</p><input name=\"inner\"></body></html>");
        PageState page = open("/outer", """
                <html><body>
                <p>Before</p>
                <fancy-widget><span>Slotted text</span></fancy-widget>
                <iframe src="/inner" width="400" height="200"></iframe>
                <p>After</p>
                <script>
                  customElements.define('fancy-widget', class extends HTMLElement {
                    connectedCallback() {
                      this.attachShadow({mode: 'open'}).innerHTML =
                          '<button id="shadow-button">In the shadow</button><slot></slot>';
                    }
                  });
                </script>
                </body></html>""");

        assertEquals("""
                Before
                [1]<button type=submit id=shadow-button />
                \tIn the shadow
                Slotted text
                In the frame
                [2]<input type=text name=inner />
                After
                """, PageRenderer.render(page, null));

        PageElement inner = observer.element(browser, page, 2).orElseThrow();
        inner.type("typed in a frame", true);
        assertEquals("typed in a frame", inner.property("value"));
        assertEquals("In the shadow", observer.element(browser, page, 1).orElseThrow().property("textContent"));
    }

    @Test
    void marksTheElementsThatAppearedSinceThePreviousObservation() {
        PageState before = open("/menu", """
                <html><body><button onclick="const li = document.createElement('li');
                    li.setAttribute('role', 'option'); li.textContent = 'Blue';
                    document.getElementById('options').appendChild(li)">Choose colour</button>
                <ul id="options"></ul></body></html>""");
        observer.element(browser, before, 1).orElseThrow().click();

        PageState after = observer.observe(browser);

        assertEquals("""
                [1]<button type=submit />
                \tChoose colour
                *[2]<li role=option />
                \tBlue
                """, PageRenderer.render(after, before));
    }

    @Test
    void listsOnlyWhatIsNearTheViewportAndSaysHowFarThePageScrolls() {
        PageState top = open("/tall", """
                <html><body style="margin: 0">
                <button style="height: 100px">Top</button>
                <div style="height: 3000px"></div>
                <button>Bottom</button>
                </body></html>""");
        browser.driver().executeScript("window.scrollTo(0, 1000)");
        PageState scrolled = observer.observe(browser);

        assertEquals(0, top.pixelsAbove());
        assertTrue(top.pixelsBelow() > 2000, "pixels below: " + top.pixelsBelow());
        assertTrue(PageRenderer.render(top, null).contains("Top"));
        assertFalse(PageRenderer.render(top, null).contains("Bottom"));
        assertEquals(1000, scrolled.pixelsAbove());
        assertEquals(top.pixelsBelow() - 1000, scrolled.pixelsBelow());
    }

    @Test
    void aLocatedElementIsGoneOnceThePageChanged() {
        PageState page = open("/first", "<html><body><a href=\"/second\">Next</a></body></html>");
        site.page("/second", "<html><body><p>Second</p></body></html>");
        browser.driver().get(site.url("/second"));

        PageElement gone = observer.element(browser, page, 1).orElseThrow();
        assertThrows(ElementGoneException.class, gone::click);
    }

    @Test
    void tellsWhetherTheObservedPageChangedSince() {
        PageState page = open("/changing", "<html><body><p>Changing</p></body></html>");
        assertFalse(observer.changedSince(browser, page), "nothing happened");

        browser.driver().executeScript("history.pushState({}, '', '/changed')");
        assertTrue(observer.changedSince(browser, page), "the URL changed");

        page = observer.observe(browser);
        browser.driver().executeScript("dispatchEvent(new Event('beforeunload'))");
        assertTrue(observer.changedSince(browser, page), "the page announced it is being left");
        assertFalse(observer.changedSince(browser, page), "the announcement was read");

        site.page("/next", "<html><body><p>Next</p></body></html>");
        browser.driver().get(site.url("/next"));
        assertTrue(observer.changedSince(browser, page), "the document was replaced");
    }
}
