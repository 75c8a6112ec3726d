package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.validation.JsonObjectRules;
import dev.browseragent.api.validation.JsonRule;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import dev.browseragent.api.validation.StrictJson;
import dev.browseragent.model.DomainPattern;
import dev.browseragent.model.TaskOptions;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

import static dev.browseragent.api.validation.JsonRules.bool;
import static dev.browseragent.api.validation.JsonRules.check;
import static dev.browseragent.api.validation.JsonRules.checked;
import static dev.browseragent.api.validation.JsonRules.integer;
import static dev.browseragent.api.validation.JsonRules.list;
import static dev.browseragent.api.validation.JsonRules.map;
import static dev.browseragent.api.validation.JsonRules.matching;
import static dev.browseragent.api.validation.JsonRules.nonBlankText;
import static dev.browseragent.api.validation.JsonRules.object;
import static dev.browseragent.api.validation.JsonRules.text;

/**
 * The run-task fields and their rules, as the v1 API documents them (docs/api.md). Used by {@code POST /run-task}
 * and by everything else that accepts a run-task body (scheduled tasks, Kafka submissions), each with its own
 * location prefix. Checks that need the database (profiles, uploads) come later, in {@link TaskService}.
 */
@Startup
@ApplicationScoped
public class RunTaskValidator {


    private final JsonObjectRules<RunTaskRequest> rules;

    public RunTaskValidator(ModelCatalog models, JsonSchemaCheck schemas, StrictJson json) {
        rules = new JsonObjectRules<>(RunTaskRequest::new)
                .required("task", nonBlankText(50_000), (r, v) -> r.task = v)
                .optional("secrets", object(50, matching("[A-Za-z0-9_.-]{1,64}"), text(0, 4_096)),
                        (r, v) -> r.secrets = v)
                .optional("allowed_domains", list(100, checked(text(1, 300),
                        pattern -> DomainPattern.parse(pattern).isValid() ? null
                                : "invalid domain pattern: " + DomainPattern.parse(pattern).error(),
                        "value_error.domain_pattern")), (r, v) -> r.allowedDomains = v)
                .optional("browser_profile_id", text(0, 100), (r, v) -> r.browserProfileId = v)
                .optional("save_browser_data", bool(), (r, v) -> r.saveBrowserData = v)
                .optional("structured_output_json", jsonSchema(schemas, json), (r, v) -> r.structuredOutputJson = v)
                .optional("llm_model", check(text(0, 200), models::isKnown,
                        "value is not a valid enumeration member; permitted: " + models.quotedNames(), "type_error.enum"),
                        (r, v) -> r.llmModel = v)
                .optional("use_adblock", bool(), (r, v) -> r.useAdblock = v)
                .optional("use_proxy", bool(), (r, v) -> r.useProxy = v)
                .optional("proxy_country_code", check(map(text(0, 10), code -> code.toLowerCase(Locale.ROOT)),
                        TaskOptions.PROXY_COUNTRIES::contains, "value is not a valid enumeration member; permitted: "
                                + "'us', 'uk', 'fr', 'it', 'jp', 'au', 'de', 'fi', 'ca', 'in'", "type_error.enum"),
                        (r, v) -> r.proxyCountryCode = v)
                .optional("highlight_elements", bool(), (r, v) -> r.highlightElements = v)
                .optional("included_file_names", list(100, text(1, 255)), (r, v) -> r.includedFileNames = v)
                .optional("browser_viewport_width", integer(320, 3840), (r, v) -> r.browserViewportWidth = v)
                .optional("browser_viewport_height", integer(240, 2160), (r, v) -> r.browserViewportHeight = v)
                .optional("max_agent_steps", integer(1, 200), (r, v) -> r.maxAgentSteps = v)
                .optional("enable_public_share", bool(), (r, v) -> r.enablePublicShare = v)
                .optional("metadata", object(10, text(1, 100), text(0, 1_000)), (r, v) -> r.metadata = v);
    }

    /** Reads a run-task body at {@code loc}, adding what is wrong to {@code problems} (callers add their own fields'). */
    public RunTaskRequest read(JsonNode body, Loc loc, Problems problems) {
        return rules.read(body, loc, problems);
    }

    /** Reads a run-task body, or throws the 422 listing every problem. */
    public RunTaskRequest require(JsonNode body, Loc loc) {
        Problems problems = new Problems();
        RunTaskRequest request = read(body, loc, problems);
        problems.throwIfAny();
        return request;
    }

    /**
     * A JSON Schema object, or a string holding one (v1 clients send it as text); the result is the JSON text to
     * store. One problem listing every way the schema breaks the metaschema.
     */
    private static JsonRule<String> jsonSchema(JsonSchemaCheck schemas, StrictJson json) {
        JsonRule<String> textRule = text(1, 100_000);
        return (value, loc, problems) -> {
            if (!value.isObject() && !value.isTextual()) {
                problems.add(loc, "must be a JSON object, or a string holding one", "value_error.json");
                return null;
            }
            String schemaText = value.isObject() ? value.toString() : textRule.read(value, loc, problems);
            if (schemaText == null) {
                return null;
            }
            JsonNode schema = value.isObject() ? value : json.parseOrNull(schemaText);
            if (schema == null || !schema.isObject()) {
                problems.add(loc, "must be a JSON object, or a string holding one", "value_error.json");
                return null;
            }
            List<String> broken = schemas.problems(schema.toString());
            if (!broken.isEmpty()) {
                problems.add(loc, "invalid JSON Schema: " + String.join("; ", broken), "value_error.json_schema");
                return null;
            }
            return schemaText;
        };
    }
}
