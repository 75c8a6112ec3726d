package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigPart;
import io.quarkiverse.mcp.server.runtime.SchemaGeneratorConfigCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes the schemas the MCP extension generates from Java types (a tool's input and output schemas) describe the
 * JSON the API really reads and writes, as its OpenAPI document does: property names in the application's naming
 * (snake_case), enum values as the application writes them ({@code "running"}), and what a field's MicroProfile
 * {@link Schema} annotation says (that it may be null, its bounds and allowed values, its default, whether it is
 * required, its description). A client checks a tool's structured content against the output schema, so a field
 * the API may leave null must say so. Every part is inline: not all clients follow a {@code $ref} in a tool's schema.
 */
@Singleton
public class ToolSchemas implements SchemaGeneratorConfigCustomizer {

    private static final String[] NO_VALUES = {};
    /** Reads an annotation's default, which is text ("1280", "false"); the application's mapper would not coerce it. */
    private static final ObjectMapper TEXT_VALUES = new ObjectMapper();

    private final ObjectMapper json;
    private final PropertyNamingStrategy naming;

    public ToolSchemas(ObjectMapper json) {
        this.json = json;
        this.naming = json.getPropertyNamingStrategy();
    }

    @Override
    public void customize(SchemaGeneratorConfigBuilder builder) {
        builder.with(Option.INLINE_ALL_SCHEMAS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        builder.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            ObjectNode definition = context.getGeneratorConfig().createObjectNode();
            if (type.isInstanceOf(JsonNode.class)) {
                // Any JSON value, null included: the saved cookies of browser_data.
                return new CustomDefinition(definition);
            }
            if (type.isInstanceOf(Enum.class)) {
                ArrayNode values = definition.put("type", "string").putArray("enum");
                for (Object constant : type.getErasedType().getEnumConstants()) {
                    values.add(json.valueToTree(constant));
                }
                return new CustomDefinition(definition);
            }
            return null;
        });
        SchemaGeneratorConfigPart<FieldScope> fields = builder.forFields();
        if (naming instanceof PropertyNamingStrategies.NamingBase names) {
            fields.withPropertyNameOverrideResolver(field -> names.translate(field.getDeclaredName()));
        }
        fields.withNullableCheck(field -> set(field, Schema::nullable, false))
                .withRequiredCheck(field -> set(field, Schema::required, false) != null)
                .withDescriptionResolver(field -> set(field, Schema::description, ""))
                .withDefaultResolver(field -> map(set(field, Schema::defaultValue, ""),
                        value -> TEXT_VALUES.convertValue(value, field.getType().getErasedType())))
                .withEnumResolver(field -> map(set(field, Schema::enumeration, NO_VALUES), Arrays::asList))
                .withNumberInclusiveMinimumResolver(field -> map(set(field, Schema::minimum, ""), BigDecimal::new))
                .withNumberInclusiveMaximumResolver(field -> map(set(field, Schema::maximum, ""), BigDecimal::new))
                .withStringMinLengthResolver(field -> set(field, Schema::minLength, 0))
                .withStringMaxLengthResolver(field -> set(field, Schema::maxLength, Integer.MAX_VALUE))
                .withArrayMaxItemsResolver(field -> set(field, Schema::maxItems, Integer.MAX_VALUE));
    }

    /** What the field's {@link Schema} annotation sets, or null where it has none or leaves it at its default. */
    private static <T> T set(FieldScope field, Function<Schema, T> value, T unset) {
        Schema schema = field.getAnnotation(Schema.class);
        T set = schema == null ? null : value.apply(schema);
        return set == null || Objects.deepEquals(set, unset) ? null : set;
    }

    private static <T, R> R map(T value, Function<T, R> mapping) {
        return value == null ? null : mapping.apply(value);
    }
}
