package dev.browseragent.worker.browser;

/** Visible text, whitespace collapsed. */
public record TextNode(String text) implements PageNode {
}
