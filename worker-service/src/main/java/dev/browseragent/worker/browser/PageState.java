package dev.browseragent.worker.browser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the current tab shows at one step: where it is, which tabs are open, how far it scrolls, the page itself. */
public final class PageState {

    private final String url;
    private final String title;
    private final String tabId;
    private final List<Tab> tabs;
    private final int pixelsAbove;
    private final int pixelsBelow;
    private final List<PageNode> nodes;
    private final Map<Integer, ElementNode> elementsByIndex = new HashMap<>();

    public PageState(String url, String title, String tabId, List<Tab> tabs, int pixelsAbove, int pixelsBelow,
                     List<PageNode> nodes) {
        this.url = url;
        this.title = title;
        this.tabId = tabId;
        this.tabs = List.copyOf(tabs);
        this.pixelsAbove = pixelsAbove;
        this.pixelsBelow = pixelsBelow;
        this.nodes = List.copyOf(nodes);
        index(nodes);
    }

    private void index(List<PageNode> nodes) {
        for (PageNode node : nodes) {
            if (node instanceof ElementNode element) {
                elementsByIndex.put(element.index(), element);
                index(element.children());
            }
        }
    }

    public String url() {
        return url;
    }

    public String title() {
        return title;
    }

    /** The short id of the tab this page is in. */
    public String tabId() {
        return tabId;
    }

    public List<Tab> tabs() {
        return tabs;
    }

    public int pixelsAbove() {
        return pixelsAbove;
    }

    public int pixelsBelow() {
        return pixelsBelow;
    }

    /** The top-level nodes, in page order. */
    public List<PageNode> nodes() {
        return nodes;
    }

    /** The element the model calls {@code [index]} in this step. */
    public Optional<ElementNode> element(int index) {
        return Optional.ofNullable(elementsByIndex.get(index));
    }

    /** The keys of all elements, to find those that are new in the next observation. */
    public Set<String> elementKeys() {
        return elementsByIndex.values().stream().map(ElementNode::key).collect(Collectors.toSet());
    }
}
