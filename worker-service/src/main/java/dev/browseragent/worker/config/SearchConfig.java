package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

/** The web search: the agent's {@code search} action and the search endpoints' searches. Env: {@code BROWSER_AGENT_SEARCH_*}. */
public interface SearchConfig {

    /**
     * The search engine's result page: a URL with {@code {query}} where the URL-encoded query goes. A searching
     * task reads the result links from it (docs/api.md, "Search").
     */
    @WithDefault("https://duckduckgo.com/html/?q={query}")
    String urlTemplate();
}
