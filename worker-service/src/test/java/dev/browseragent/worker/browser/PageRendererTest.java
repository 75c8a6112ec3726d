package dev.browseragent.worker.browser;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PageRendererTest {

    private static ElementNode element(int index, String tag, Map<String, String> attributes, String key,
                                       PageNode... children) {
        return new ElementNode(index, tag, attributes, key, List.of(children));
    }

    private static Map<String, String> attributes(String... namesAndValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return attributes;
    }

    private static PageState page(String url, PageNode... nodes) {
        return new PageState(url, "Title", "AB12", List.of(), 0, 0, List.of(nodes));
    }

    @Test
    void rendersElementsWithTheirAttributesAndIndentsWhatIsInsideThem() {
        PageState page = page("http://shop.test/",
                element(12, "input", attributes("type", "text", "name", "q", "placeholder", "Search"), "k12"),
                element(13, "button", attributes("type", "submit"), "k13",
                        new TextNode("Search"),
                        element(14, "span", attributes("role", "button"), "k14", new TextNode("Go"))),
                new TextNode("Results for shoes"),
                element(21, "a", attributes(), "k21", new TextNode("Running shoe X — $89")));

        assertEquals("""
                [12]<input type=text name=q placeholder=Search />
                [13]<button type=submit />
                \tSearch
                \t[14]<span role=button />
                \t\tGo
                Results for shoes
                [21]<a />
                \tRunning shoe X — $89
                """, PageRenderer.render(page, null));
    }

    @Test
    void marksElementsThatAreNewSinceThePreviousStepOnTheSamePage() {
        PageState before = page("http://shop.test/", element(1, "button", attributes(), "menu"));
        PageState after = page("http://shop.test/",
                element(1, "button", attributes(), "menu"),
                element(2, "li", attributes("role", "option"), "option-1"));

        assertEquals("[1]<button />\n*[2]<li role=option />\n", PageRenderer.render(after, before));
    }

    @Test
    void marksNothingOnTheFirstStepOrAfterMovingToAnotherPage() {
        PageState first = page("http://shop.test/", element(1, "button", attributes(), "menu"));
        PageState elsewhere = page("http://shop.test/cart", element(1, "a", attributes(), "checkout"));

        assertEquals("[1]<button />\n", PageRenderer.render(first, null));
        assertEquals("[1]<a />\n", PageRenderer.render(elsewhere, first));
    }

    @Test
    void cutsAttributeValuesTo100CharactersOnOneLine() {
        String longValue = "x".repeat(150);
        String rendered = PageRenderer.render(page("http://shop.test/",
                element(1, "textarea", attributes("value", longValue, "title", "two\n  lines"), "k")), null);

        assertEquals("[1]<textarea value=" + "x".repeat(100) + " title=two lines />\n", rendered);
    }

    @Test
    void neverRendersThePasswordFieldsValue() {
        String rendered = PageRenderer.render(page("http://shop.test/",
                element(1, "input", attributes("type", "password", "name", "pw", "value", "hunter2"), "k")), null);

        assertEquals("[1]<input type=password name=pw />\n", rendered);
        assertFalse(rendered.contains("hunter2"));
    }
}
