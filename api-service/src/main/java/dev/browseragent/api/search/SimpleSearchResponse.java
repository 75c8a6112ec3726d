package dev.browseragent.api.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The answer of {@code POST /simple-search}: one result per page read, in the search engine's order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SimpleSearchResponse(List<SearchResult> results) {
}
