package dev.browseragent.api.search;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /search-url}, as {@link SearchRequests} reads it. */
public class SearchUrlRequest {

    @Schema(required = true, minLength = 1, maxLength = 20_000, description = "An http or https URL")
    public String url;

    @Schema(required = true, minLength = 1, maxLength = 20_000)
    public String query;

    @Schema(nullable = true, defaultValue = "2", minimum = "2", maximum = "5")
    public Integer depth;
}
