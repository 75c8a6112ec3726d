package dev.browseragent.api.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One page a search read: its URL and the content of it that answers the query (the agent's words and quotes). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchResult(String url, String content) {
}
