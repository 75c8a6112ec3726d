package dev.browseragent.api.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.validation.JsonObjectRules;
import dev.browseragent.api.validation.JsonRule;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import dev.browseragent.model.TaskSearch;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import static dev.browseragent.api.validation.JsonRules.checked;
import static dev.browseragent.api.validation.JsonRules.integer;
import static dev.browseragent.api.validation.JsonRules.nonBlankText;
import static dev.browseragent.api.validation.JsonRules.text;

/**
 * The search bodies and their rules (docs/api.md, "Search"), read like a run-task body: every problem at once, as a
 * 422 with its {@code loc}, unknown fields ignored.
 */
@ApplicationScoped
public class SearchRequests {

    static final int DEFAULT_MAX_WEBSITES = 5;
    static final int DEFAULT_DEPTH = 2;
    private static final int MAX_TEXT = 20_000;
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final JsonObjectRules<SimpleSearchRequest> simple = new JsonObjectRules<>(SimpleSearchRequest::new)
            .required("query", nonBlankText(MAX_TEXT), (r, v) -> r.query = v)
            .optional("max_websites", integer(1, 10), (r, v) -> r.maxWebsites = v)
            .optional("depth", integer(2, 5), (r, v) -> r.depth = v);

    private final JsonObjectRules<SearchUrlRequest> url = new JsonObjectRules<>(SearchUrlRequest::new)
            .required("url", webUrl(), (r, v) -> r.url = v)
            .required("query", nonBlankText(MAX_TEXT), (r, v) -> r.query = v)
            .optional("depth", integer(2, 5), (r, v) -> r.depth = v);

    /** A {@code /simple-search} body, or the 422 listing every problem. */
    public TaskSearch simpleSearch(JsonNode body) {
        Problems problems = new Problems();
        SimpleSearchRequest request = simple.read(body, Loc.of("body"), problems);
        problems.throwIfAny();
        return new TaskSearch(TaskSearch.Kind.WEB, request.query, null,
                Objects.requireNonNullElse(request.maxWebsites, DEFAULT_MAX_WEBSITES),
                Objects.requireNonNullElse(request.depth, DEFAULT_DEPTH));
    }

    /** A {@code /search-url} body, or the 422 listing every problem. */
    public TaskSearch searchUrl(JsonNode body) {
        Problems problems = new Problems();
        SearchUrlRequest request = url.read(body, Loc.of("body"), problems);
        problems.throwIfAny();
        return new TaskSearch(TaskSearch.Kind.URL, request.query, request.url, 1,
                Objects.requireNonNullElse(request.depth, DEFAULT_DEPTH));
    }

    /** An absolute http or https URL with a host: anything else no browser would open. */
    private static JsonRule<String> webUrl() {
        return checked(text(1, MAX_TEXT), value -> {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return SCHEMES.contains(scheme) && uri.getHost() != null ? null
                        : "must be an http or https URL with a host";
            } catch (URISyntaxException e) {
                return "must be an http or https URL with a host (" + e.getReason() + ")";
            }
        }, "value_error.url");
    }
}
