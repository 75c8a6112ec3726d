package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Opens the configured search engine's result page for a query, in the current tab. */
public record Search(String query) implements Action {

    public static final ActionType TYPE = new ActionType("search",
            "Search the web for the query: opens a search engine's result page in this tab.",
            JsonObjectSchema.builder()
                    .addStringProperty("query", "What to search for")
                    .required("query")
                    .build(),
            Search.class);

    public Search {
        Params.required(query, "query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("'query' is empty");
        }
    }

    @Override
    public ActionResult execute(ActionContext context) {
        String url = context.environment().searchUrl()
                .replace("{query}", URLEncoder.encode(query, StandardCharsets.UTF_8));
        new Navigate(url, false).execute(context);
        return ActionResult.of("Searched for \"" + query + "\"");
    }
}
