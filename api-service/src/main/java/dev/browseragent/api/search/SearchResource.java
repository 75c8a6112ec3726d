package dev.browseragent.api.search;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.StrictJson;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * v1's two search endpoints, synchronous as in v1: the request waits for the answer. The bodies are read as bytes and
 * checked by {@link SearchRequests}, as run-task's are.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "402", ref = ApiDocument.PAYMENT_REQUIRED)
@APIResponse(responseCode = "409", ref = ApiDocument.SEARCH_STOPPED)
@APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
@APIResponse(responseCode = "502", ref = ApiDocument.SEARCH_FAILED)
@APIResponse(responseCode = "504", ref = ApiDocument.SEARCH_TIMED_OUT)
public class SearchResource {

    private final SearchRequests requests;
    private final SearchService searches;
    private final CurrentAccount account;
    private final StrictJson json;

    public SearchResource(SearchRequests requests, SearchService searches, CurrentAccount account, StrictJson json) {
        this.requests = requests;
        this.searches = searches;
        this.account = account;
        this.json = json;
    }

    @POST
    @Path("/simple-search")
    public Uni<SimpleSearchResponse> simpleSearch(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SimpleSearchRequest.class))) byte[] body) {
        return searches.simpleSearch(account.id(), requests.simpleSearch(json.parse(body, Loc.of("body"))));
    }

    @POST
    @Path("/search-url")
    public Uni<SearchResult> searchUrl(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SearchUrlRequest.class))) byte[] body) {
        return searches.searchUrl(account.id(), requests.searchUrl(json.parse(body, Loc.of("body"))));
    }
}
