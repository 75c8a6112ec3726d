package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a search task looks for ({@code POST /simple-search}, {@code POST /search-url}), stored in its
 * {@code tasks.options} and read by the worker, which runs a search instead of the agent's open loop. The worker
 * writes the search's answer as the task's output, in the JSON the endpoint returns ({@code {"results": [...]}} or
 * {@code {"url", "content"}}).
 *
 * @param kind        which of the two searches
 * @param query       what the search answers
 * @param url         the page {@link Kind#URL} reads; null for {@link Kind#WEB}
 * @param maxWebsites how many result pages {@link Kind#WEB} opens at most; 1 for {@link Kind#URL}
 * @param depth       the agent steps spent on each page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSearch(
        @JsonProperty("kind") Kind kind,
        @JsonProperty("query") String query,
        @JsonProperty("url") String url,
        @JsonProperty("max_websites") int maxWebsites,
        @JsonProperty("depth") int depth) {

    public enum Kind {
        /** Search the web with the configured engine, then read up to {@code maxWebsites} of its results. */
        @JsonProperty("web") WEB,
        /** Read one given page. */
        @JsonProperty("url") URL
    }

    /**
     * The steps the search may take: the engine's result page (one step, no model call) and {@code depth} for each
     * page read. The task's {@code max_agent_steps}, and so its most credits.
     */
    public int maxSteps() {
        return kind == Kind.WEB ? 1 + maxWebsites * depth : depth;
    }
}
