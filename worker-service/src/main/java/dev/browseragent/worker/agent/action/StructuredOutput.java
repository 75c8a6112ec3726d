package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** A task's output schema ({@code structured_output_json}), checked with networknt's JSON Schema validator. */
public final class StructuredOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many validation errors the model is told at once. */
    private static final int MAX_ERRORS = 10;

    private final JsonNode schemaJson;
    private final Schema schema;

    private StructuredOutput(JsonNode schemaJson) {
        this.schemaJson = schemaJson;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schemaJson.toString(), InputFormat.JSON);
    }

    /** @param schemaText the task's JSON Schema, as the api-service accepted it */
    public static StructuredOutput parse(String schemaText) {
        try {
            return new StructuredOutput(JSON.readTree(schemaText));
        } catch (IOException e) {
            throw new UncheckedIOException("the task's structured_output_json is not JSON", e);
        }
    }

    public JsonNode schemaJson() {
        return schemaJson;
    }

    /** Where in the data ({@code products[0].price}) and what is wrong. */
    private static String describe(Error error) {
        String location = error.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        return location.isEmpty() ? error.getMessage() : location + ": " + error.getMessage();
    }

    /** @throws ActionException listing what does not match, for the model to correct */
    void check(JsonNode data) {
        List<Error> errors = schema.validate(data.toString(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new ActionException("data does not match the required schema: " + errors.stream()
                    .limit(MAX_ERRORS).map(StructuredOutput::describe).collect(Collectors.joining("; ")));
        }
    }
}
