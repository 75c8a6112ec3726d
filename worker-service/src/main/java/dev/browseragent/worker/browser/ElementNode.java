package dev.browseragent.worker.browser;

import java.util.List;
import java.util.Map;

/**
 * An element the model may act on.
 *
 * @param index      its number in this observation ({@code [N]}), unique within the step
 * @param tag        the lower-case tag name
 * @param attributes the allow-listed attributes in rendering order, values as the page has them
 * @param key        its path in the page, stable across observations, to tell which elements are new
 * @param children   text and interactive elements inside it
 */
public record ElementNode(int index, String tag, Map<String, String> attributes, String key,
                          List<PageNode> children) implements PageNode {
}
