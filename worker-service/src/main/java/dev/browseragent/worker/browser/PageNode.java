package dev.browseragent.worker.browser;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One line of the page as the model reads it: an interactive element or a piece of visible text. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ElementNode.class, name = "element"),
        @JsonSubTypes.Type(value = TextNode.class, name = "text")})
public sealed interface PageNode permits ElementNode, TextNode {
}
