package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.search.SearchRequests;
import dev.browseragent.api.search.SearchResult;
import dev.browseragent.api.search.SearchService;
import dev.browseragent.api.search.SimpleSearchResponse;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * The search tools of the MCP server: {@code POST /simple-search} and {@code POST /search-url} for an AI assistant,
 * their arguments read by the endpoints' own rules and run by the same {@link SearchService}, for the account whose
 * key the request carries. Like the endpoints they answer when the search is done, within
 * {@code browser-agent.search.timeout}.
 */
public class SearchTools {

    static final String SIMPLE_SEARCH = "simple_search";

    private final SearchRequests requests;
    private final SearchService searches;
    private final McpAuthentication caller;
    private final ObjectMapper json;

    public SearchTools(SearchRequests requests, SearchService searches, McpAuthentication caller, ObjectMapper json) {
        this.requests = requests;
        this.searches = searches;
        this.caller = caller;
        this.json = json;
    }

    @Tool(name = SIMPLE_SEARCH, structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = SearchArguments.class),
            annotations = @Tool.Annotations(title = "Search the web", readOnlyHint = true, destructiveHint = false),
            description = """
                    Searches the web for the query: a browser agent opens a search engine's results, reads up to \
                    max_websites of the result pages (depth agent steps on each) and answers, for each page, its \
                    content that answers the query. Takes tens of seconds; answers when done.""")
    Uni<SimpleSearchResponse> simpleSearch(RawMessage message) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> searches.simpleSearch(accountId,
                requests.simpleSearch(ToolCalls.arguments(message, json))));
    }

    @Tool(name = "search_url", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = SearchArguments.class),
            annotations = @Tool.Annotations(title = "Answer from a web page", readOnlyHint = true,
                    destructiveHint = false),
            description = """
                    Reads one web page for the query: a browser agent opens the url, spends up to depth steps on \
                    it and answers the page's content that answers the query. Answers when done.""")
    Uni<SearchResult> searchUrl(RawMessage message) {
        UUID accountId = caller.accountId();
        return ToolCalls.guarded(() -> searches.searchUrl(accountId,
                requests.searchUrl(ToolCalls.arguments(message, json))));
    }
}
