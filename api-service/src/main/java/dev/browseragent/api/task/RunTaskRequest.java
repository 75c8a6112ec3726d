package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.task.validation.AllowedDomain;
import dev.browseragent.api.task.validation.CountryCode;
import dev.browseragent.api.task.validation.JsonText;
import dev.browseragent.api.task.validation.KnownModel;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/run-task}, field for field as in the v1 API (JSON names are the snake_case
 * of these). {@code null} means "use the default"; unknown fields are ignored.
 */
public class RunTaskRequest {

    @NotNull
    @NotBlank
    @Size(max = 50_000)
    public String task;

    @Size(max = 50)
    public Map<@Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String, @NotNull @Size(max = 4_096) String> secrets;

    @Size(max = 100)
    public List<@NotNull @AllowedDomain String> allowedDomains;

    public String browserProfileId;

    public Boolean saveBrowserData;

    /** A JSON Schema, as JSON text or as an object; stored as text. */
    @JsonText
    public JsonNode structuredOutputJson;

    @KnownModel
    public String llmModel;

    public Boolean useAdblock;

    public Boolean useProxy;

    @CountryCode
    public String proxyCountryCode;

    public Boolean highlightElements;

    public List<@NotBlank String> includedFileNames;

    @Min(320)
    @Max(3840)
    public Integer browserViewportWidth;

    @Min(240)
    @Max(2160)
    public Integer browserViewportHeight;

    @Min(1)
    @Max(200)
    public Integer maxAgentSteps;

    public Boolean enablePublicShare;

    @Size(max = 10)
    public Map<@Size(min = 1, max = 100) String, @NotNull @Size(max = 1_000) String> metadata;
}
