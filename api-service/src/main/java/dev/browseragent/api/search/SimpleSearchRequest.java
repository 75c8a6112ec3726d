package dev.browseragent.api.search;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /simple-search}, as {@link SearchRequests} reads it. */
public class SimpleSearchRequest {

    @Schema(required = true, minLength = 1, maxLength = 20_000)
    public String query;

    @Schema(nullable = true, defaultValue = "5", minimum = "1", maximum = "10")
    public Integer maxWebsites;

    @Schema(nullable = true, defaultValue = "2", minimum = "2", maximum = "5")
    public Integer depth;
}
