package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search endpoints end to end on the shared stack, whose search engine is the test site's result page
 * ({@link StackExtension#SEARCH_PATH}): a web search reads the result pages in the engine's order up to
 * {@code max_websites}, each with the agent, and answers what each page says about the query; a URL search answers
 * from the one page. The network policy's refusal of a URL is in BrowserSafetyIT, whose stack blocks private
 * networks; the time limit is in the api-service's SearchEndpointsTest.
 */
class SearchIT {

    private static final String QUERY = "How tall is the search-it tower?";

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static String origin(String host) {
        return "http://" + host + ":" + URI.create(stack.site().url("/")).getPort();
    }

    /**
     * The engine's page: its own links (left out), a result behind the engine's redirect (as DuckDuckGo's are), and
     * three sites on host names of their own, each with its fact; the model, reading a page for the query, quotes it.
     */
    @BeforeAll
    static void serveTheWebAndScriptTheModel() {
        String alpha = origin("alpha.localhost") + "/tower";
        String beta = origin("beta.localhost") + "/facts";
        String gamma = origin("gamma.localhost") + "/more";
        stack.site().page(StackExtension.SEARCH_PATH, "<html><head><title>Results</title></head><body>"
                + "<a href=\"/about\">About the engine</a>"
                + "<ol><li><a href=\"" + alpha + "\">Alpha: the tower</a></li>"
                + "<li><a href=\"/l/?uddg=" + URLEncoder.encode(beta, StandardCharsets.UTF_8) + "\">Beta facts</a></li>"
                + "<li><a href=\"" + gamma + "\">Gamma</a></li></ol></body></html>");
        stack.site().page("/tower", page("Alpha", "The search-it tower is 324 metres tall, says alpha."))
                .page("/facts", page("Beta", "Beta's survey measured the search-it tower at 330 metres."))
                .page("/more", page("Gamma", "Gamma lists the search-it tower as 321 metres."));
        Predicate<ModelPrompt> reading = prompt -> prompt.contains("Query: " + QUERY);
        for (String fact : List.of("324 metres tall, says alpha", "measured the search-it tower at 330 metres",
                "the search-it tower as 321 metres")) {
            stack.model().when(reading.and(prompt -> prompt.contains(fact)), prompt -> agentOutput("The page is open",
                    "", "Report the fact", action("done", "text", "The page says: " + fact, "success", true)));
        }
    }

    private static String page(String title, String text) {
        return "<html><head><title>" + title + "</title></head><body><p>" + text + "</p></body></html>";
    }

    @Test
    void aWebSearchReadsTheResultPagesInOrderUpToMaxWebsitesAndAnswersFromEach() {
        V1Client.Response response = stack.client().request("POST", "/simple-search",
                "{\"query\": \"" + QUERY + "\", \"max_websites\": 2, \"depth\": 2}");

        assertEquals(200, response.status(), response.body());
        JsonNode results = response.json().get("results");
        assertEquals(2, results.size(), results.toString());
        assertEquals(origin("alpha.localhost") + "/tower", results.get(0).get("url").asText());
        assertEquals("The page says: 324 metres tall, says alpha", results.get(0).get("content").asText());
        assertEquals(origin("beta.localhost") + "/facts", results.get(1).get("url").asText());
        assertTrue(results.get(1).get("content").asText().contains("330 metres"), results.toString());

        JsonNode task = newestTask("Search the web: " + QUERY);
        assertEquals("finished", task.get("status").asText(), task.toString());
        JsonNode steps = task.get("steps");
        assertEquals(3, steps.size(), "the engine's page and one step on each of the two sites: " + steps);
        assertTrue(steps.get(0).get("url").asText().contains(StackExtension.SEARCH_PATH + "?q=How+tall"),
                steps.toString());
    }

    @Test
    void aUrlSearchAnswersFromTheGivenPage() {
        String gamma = origin("gamma.localhost") + "/more";
        V1Client.Response response = stack.client().request("POST", "/search-url",
                "{\"url\": \"" + gamma + "\", \"query\": \"" + QUERY + "\"}");

        assertEquals(200, response.status(), response.body());
        assertEquals(gamma, response.json().get("url").asText());
        assertEquals("The page says: the search-it tower as 321 metres", response.json().get("content").asText());
    }

    /** The account's newest task with this text, as {@code GET /task/{id}} shows it. */
    private static JsonNode newestTask(String text) {
        for (JsonNode summary : stack.client().get("/tasks?limit=20").get("tasks")) {
            if (summary.get("task").asText().equals(text)) {
                return stack.client().task(summary.get("id").asText());
            }
        }
        throw new AssertionError("no task \"" + text + "\" in the account's newest 20");
    }
}
