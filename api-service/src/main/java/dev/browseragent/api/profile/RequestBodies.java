package dev.browseragent.api.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies that are merged before they are checked (defaults on create, the stored state on a partial
 * update), then read strictly (a string is not a boolean, 10.5 is not an integer) and validated with the body's
 * annotations. Problems are 422s located at {@code ["body", field]}.
 */
@ApplicationScoped
public class RequestBodies {

    private final ObjectMapper strict;

    public RequestBodies(ObjectMapper json) {
        this.strict = JsonMapper.builder()
                .propertyNamingStrategy(json.getPropertyNamingStrategy())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .findAndAddModules()
                .build();
    }

    /** The stored fields with the non-null fields of the patch over them. */
    public ObjectNode merged(ObjectNode stored, ObjectNode patch) {
        ObjectNode merged = stored.deepCopy();
        patch.properties().forEach(field -> {
            if (!field.getValue().isNull()) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    /** Reads the body strictly; a wrong type is a 422 located at its field (an unreadable number too). */
    public <T> T read(JsonNode body, Class<T> type) {
        try {
            return strict.treeToValue(body, type);
        } catch (JsonMappingException e) {
            throw new RequestValidationException(List.of(problem(e)));
        } catch (JsonProcessingException e) {
            throw new RequestValidationException(List.of(
                    new ValidationProblem(List.of("body"), "request body is not valid", "value_error")));
        }
    }

    /**
     * Validates through the bean's annotations. Called on this bean from outside, so the validation interceptor
     * runs and its problems are answered like those of a resource method's body parameter; the resource method
     * must therefore take the body as its first parameter.
     */
    public <T> T validated(@NotNull @Valid T body) {
        return body;
    }

    public JsonNode tree(Object value) {
        return strict.valueToTree(value);
    }

    /** A JSON object this service stored itself. */
    public ObjectNode object(String json) {
        try {
            return (ObjectNode) strict.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is always an object", e);
        }
    }

    /** Worded like the run-task body's type problems; an overflowing number names its field too. */
    private static ValidationProblem problem(JsonMappingException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        e.getPath().forEach(reference -> loc.add(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex()));
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : e.getCause() instanceof InputCoercionException overflow ? overflow.getTargetType() : null;
        if (target == Integer.class || target == int.class) {
            return new ValidationProblem(loc, "value is not a valid integer", "type_error.integer");
        }
        if (target == Boolean.class || target == boolean.class) {
            return new ValidationProblem(loc, "value could not be parsed to a boolean", "type_error.bool");
        }
        if (target == String.class) {
            return new ValidationProblem(loc, "str type expected", "type_error.str");
        }
        return new ValidationProblem(loc, "invalid value", "type_error");
    }
}
