package dev.browseragent.worker.browser;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Renders a page as the model reads it (docs/agent.md, "How the agent sees a page"): one element per line,
 * {@code [N]<tag attrs />}, children indented by one tab, visible text as plain lines, and a {@code *} before an
 * element that is new since the previous step.
 */
public final class PageRenderer {

    /** Attribute values are cut to this many characters. */
    public static final int MAX_ATTRIBUTE_LENGTH = 100;

    private PageRenderer() {
    }

    /**
     * @param previous the page of the previous step, or null on the first; elements count as new only when it shows
     *                 the same URL (on another page everything would be new, which tells the model nothing)
     */
    public static String render(PageState page, PageState previous) {
        Predicate<ElementNode> isNew = element -> false;
        if (previous != null && previous.url().equals(page.url())) {
            Set<String> known = previous.elementKeys();
            isNew = element -> !known.contains(element.key());
        }
        StringBuilder text = new StringBuilder();
        render(page.nodes(), 0, isNew, text);
        return text.toString();
    }

    private static void render(Iterable<PageNode> nodes, int depth, Predicate<ElementNode> isNew, StringBuilder text) {
        String indent = "\t".repeat(depth);
        for (PageNode node : nodes) {
            if (node instanceof TextNode textNode) {
                text.append(indent).append(textNode.text()).append('\n');
            } else if (node instanceof ElementNode element) {
                text.append(indent).append(isNew.test(element) ? "*" : "")
                        .append('[').append(element.index()).append("]<").append(element.tag());
                attributes(element).forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
                text.append(" />\n");
                render(element.children(), depth + 1, isNew, text);
            }
        }
    }

    private static Map<String, String> attributes(ElementNode element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        element.attributes().forEach((name, value) -> attributes.put(name, cut(value)));
        // The observer never collects it; the rule is enforced here too because it must hold whatever made the nodes.
        if (element.tag().equals("input") && "password".equals(element.attributes().get("type"))) {
            attributes.remove("value");
        }
        return attributes;
    }

    /** One line, at most {@link #MAX_ATTRIBUTE_LENGTH} characters. */
    private static String cut(String value) {
        String oneLine = value.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ATTRIBUTE_LENGTH ? oneLine : oneLine.substring(0, MAX_ATTRIBUTE_LENGTH);
    }
}
