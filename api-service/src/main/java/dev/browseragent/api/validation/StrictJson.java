package dev.browseragent.api.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;

/**
 * Reads request bodies strictly: one JSON document and nothing after it, no duplicate names, at most
 * {@value #MAX_NESTING} levels deep, valid UTF-8. Also makes the application's ObjectMapper refuse Jackson's
 * usual coercions ({@code "10"} or {@code 10.5} as an integer, a number as a string) for bodies bound to classes.
 */
@ApplicationScoped
public class StrictJson {

    /** Deep enough for any real JSON Schema; deeper bodies are refused before they cost stack or memory. */
    static final int MAX_NESTING = 64;

    private final ObjectReader reader;

    public StrictJson(ObjectMapper json) {
        this.reader = json.reader();
    }

    /** The body as a tree: {@link MissingNode} when empty, else a 422. */
    public JsonNode parse(byte[] body, Loc loc) {
        try {
            JsonNode tree = reader.readTree(body);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (StreamConstraintsException e) {
            throw invalid(loc, "request body is nested too deeply or holds a value too long to read");
        } catch (IOException e) {
            throw invalid(loc, "request body is not valid JSON");
        }
    }

    /** The same, for a JSON text inside a request (e.g. a schema sent as a string); null when it is not JSON. */
    public JsonNode parseOrNull(String text) {
        try {
            return reader.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static RequestValidationException invalid(Loc loc, String msg) {
        return new RequestValidationException(List.of(new ValidationProblem(loc.parts(), msg, "value_error.jsondecode")));
    }

    @Singleton
    static class Strictness implements ObjectMapperCustomizer {
        @Override
        public void customize(ObjectMapper mapper) {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
            mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
            mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
            refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
            refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean);
            refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float);
        }

        private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
            for (CoercionInputShape shape : shapes) {
                mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
            }
        }
    }
}
