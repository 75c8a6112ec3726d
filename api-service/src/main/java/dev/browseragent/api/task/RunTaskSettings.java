package dev.browseragent.api.task;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The run-task fields other than the task's text and its secrets, which a scheduled task takes as well. As
 * {@link RunTaskValidator} read them: every value has its documented type and passed its rule; {@code null} means
 * the client left the field out (or sent {@code null}): use the default. The {@code @Schema} annotations describe
 * the rules in the OpenAPI document; the validator enforces them.
 */
public class RunTaskSettings {

    @Schema(nullable = true, maxItems = 100)
    public List<String> allowedDomains;

    @Schema(nullable = true)
    public String browserProfileId;

    @Schema(nullable = true, defaultValue = "false")
    public Boolean saveBrowserData;

    /** A valid JSON Schema object, as the JSON text the client sent (or the object's JSON text). */
    @Schema(nullable = true)
    public String structuredOutputJson;

    @Schema(nullable = true, defaultValue = "gpt-4.1")
    public String llmModel;

    @Schema(nullable = true, defaultValue = "true")
    public Boolean useAdblock;

    @Schema(nullable = true, defaultValue = "true")
    public Boolean useProxy;

    /** Lower-case. */
    @Schema(nullable = true, defaultValue = "us", enumeration = {"us", "uk", "fr", "it", "jp", "au", "de", "fi", "ca", "in"})
    public String proxyCountryCode;

    @Schema(nullable = true, defaultValue = "true")
    public Boolean highlightElements;

    @Schema(nullable = true, maxItems = 100)
    public List<String> includedFileNames;

    @Schema(nullable = true, defaultValue = "1280", minimum = "320", maximum = "3840")
    public Integer browserViewportWidth;

    @Schema(nullable = true, defaultValue = "960", minimum = "240", maximum = "2160")
    public Integer browserViewportHeight;

    @Schema(nullable = true, defaultValue = "75", minimum = "1", maximum = "200")
    public Integer maxAgentSteps;

    @Schema(nullable = true, defaultValue = "false")
    public Boolean enablePublicShare;

    @Schema(nullable = true, maxProperties = 10)
    public Map<String, String> metadata;
}
