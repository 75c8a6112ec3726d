package dev.browseragent.worker.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's JSON Schema ({@code structured_output_json}) as LangChain4j schema elements, so that each provider sends
 * it in its own form. The common subset providers accept is kept (types, properties, required, items, enum, anyOf,
 * descriptions); what does not translate becomes a free string, and the data is validated against the full schema
 * afterwards anyway. Hand-written because LangChain4j builds schemas from Java classes, not from JSON Schema text.
 */
public final class JsonSchemaElements {

    private JsonSchemaElements() {
    }

    public static JsonSchemaElement from(JsonNode schema) {
        String description = schema.path("description").isTextual() ? schema.path("description").asText() : null;
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(value -> values.add(value.asText()));
            return JsonEnumSchema.builder().enumValues(values).description(description).build();
        }
        JsonNode anyOf = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (anyOf != null && anyOf.isArray()) {
            List<JsonSchemaElement> choices = new ArrayList<>();
            anyOf.forEach(choice -> choices.add(from(choice)));
            return JsonAnyOfSchema.builder().anyOf(choices).description(description).build();
        }
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            List<JsonSchemaElement> choices = new ArrayList<>();
            type.forEach(single -> choices.add(ofType(single.asText(), schema, description)));
            return choices.size() == 1 ? choices.get(0) : JsonAnyOfSchema.builder().anyOf(choices).build();
        }
        String typeName = type.isTextual() ? type.asText() : schema.has("properties") ? "object" : "string";
        return ofType(typeName, schema, description);
    }

    private static JsonSchemaElement ofType(String type, JsonNode schema, String description) {
        return switch (type) {
            case "object" -> {
                JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(description);
                schema.path("properties").fields().forEachRemaining(field ->
                        object.addProperty(field.getKey(), from(field.getValue())));
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(name -> required.add(name.asText()));
                yield object.required(required).build();
            }
            case "array" -> JsonArraySchema.builder().description(description)
                    .items(schema.has("items") ? from(schema.get("items")) : JsonStringSchema.builder().build())
                    .build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }
}
