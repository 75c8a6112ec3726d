package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Set;

/**
 * How a task runs, as the api-service resolved it from the run-task request and its defaults; stored in
 * {@code tasks.options} and read by the worker. Never holds secret values. {@code search} is set only for a search
 * ({@link TaskSearch}), which the worker runs instead of the agent's open loop.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOptions(
        @JsonProperty("allowed_domains") List<String> allowedDomains,
        @JsonProperty("browser_profile_id") String browserProfileId,
        @JsonProperty("save_browser_data") boolean saveBrowserData,
        @JsonProperty("structured_output_json") String structuredOutputJson,
        @JsonProperty("use_adblock") boolean useAdblock,
        @JsonProperty("use_proxy") boolean useProxy,
        @JsonProperty("proxy_country_code") String proxyCountryCode,
        @JsonProperty("highlight_elements") boolean highlightElements,
        @JsonProperty("included_file_names") List<String> includedFileNames,
        @JsonProperty("browser_viewport_width") int browserViewportWidth,
        @JsonProperty("browser_viewport_height") int browserViewportHeight,
        @JsonProperty("enable_public_share") boolean enablePublicShare,
        @JsonProperty("search") TaskSearch search) {

    /** The v1 defaults of a browser profile, used when neither the request nor a profile says otherwise. */
    public static final int DEFAULT_VIEWPORT_WIDTH = 1280;
    public static final int DEFAULT_VIEWPORT_HEIGHT = 960;
    public static final String DEFAULT_PROXY_COUNTRY = "us";

    /** The v1 proxy countries, lower case. */
    public static final Set<String> PROXY_COUNTRIES = Set.of("us", "uk", "fr", "it", "jp", "au", "de", "fi", "ca", "in");
}
