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
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
            JsonNode tree = reader.readTree(utf8(body, loc));
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (StreamConstraintsException e) {
            throw invalid(loc, "request body is nested too deeply or holds a value too long to read");
        } catch (IOException e) {
            throw invalid(loc, "request body is not valid JSON");
        }
    }

    /**
     * A body that must be a JSON object: a 422 at {@code loc} when it is empty or {@code null} ("field required") or
     * anything but an object ("value is not a valid dict"), as FastAPI answers.
     */
    public ObjectNode parseObject(byte[] body, Loc loc) {
        JsonNode tree = parse(body, loc);
        if (tree.isMissingNode() || tree.isNull()) {
            throw new RequestValidationException(List.of(new ValidationProblem(loc.parts(), "field required",
                    "value_error.missing")));
        }
        if (!tree.isObject()) {
            throw new RequestValidationException(List.of(new ValidationProblem(loc.parts(), "value is not a valid dict",
                    "type_error.dict")));
        }
        return (ObjectNode) tree;
    }

    /**
     * The body as text. JSON is UTF-8 (RFC 8259), decoded strictly: an overlong form, an encoded surrogate, a stray
     * continuation byte or a sequence cut short is a 422 naming the byte where it starts (Jackson alone lets some of
     * them through, so a client's bad bytes would reach the task unseen).
     */
    private static String utf8(byte[] body, Loc loc) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new RequestValidationException(List.of(new ValidationProblem(loc.parts(),
                    "request body is not valid UTF-8 (at byte " + in.position() + ")", "value_error.unicode")));
        }
        return out.flip().toString();
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
