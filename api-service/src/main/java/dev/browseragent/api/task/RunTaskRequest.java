package dev.browseragent.api.task;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A run-task request as {@link RunTaskValidator} read it: every value has its documented type and passed its
 * rule; {@code null} means the client left the field out (or sent {@code null}): use the default.
 */
public class RunTaskRequest {

    @Schema(required = true, minLength = 1, maxLength = 50_000)
    public String task;

    /** Secret values by name; never stored in clear, never shown. */
    public Map<String, String> secrets;

    public List<String> allowedDomains;

    public String browserProfileId;

    public Boolean saveBrowserData;

    /** A valid JSON Schema object, as the JSON text the client sent (or the object's JSON text). */
    public String structuredOutputJson;

    public String llmModel;

    public Boolean useAdblock;

    public Boolean useProxy;

    /** Lower-case. */
    public String proxyCountryCode;

    public Boolean highlightElements;

    public List<String> includedFileNames;

    public Integer browserViewportWidth;

    public Integer browserViewportHeight;

    public Integer maxAgentSteps;

    public Boolean enablePublicShare;

    public Map<String, String> metadata;
}
