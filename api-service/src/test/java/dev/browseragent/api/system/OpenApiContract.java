package dev.browseragent.api.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The committed v1 contract, {@code docs/openapi-v1.json}, and the form it is kept in: keys sorted, two spaces of
 * indent, so that a change to the API is a readable diff.
 */
final class OpenApiContract {

    static final String FILE = "docs/openapi-v1.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiContract() {
    }

    /** The file, found from the working directory up (Maven runs the tests in api-service, an IDE maybe elsewhere). */
    static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    static String text() {
        try {
            return Files.readString(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read() {
        return parse(text());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as the file keeps it, ending with a newline. */
    static String formatted(JsonNode document) {
        StringBuilder out = new StringBuilder();
        write(document, "", out);
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, String indent, StringBuilder out) {
        String inner = indent + "  ";
        if (node.isObject() && !node.isEmpty()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            out.append("{\n");
            for (int i = 0; i < keys.size(); i++) {
                out.append(inner).append(JSON.getNodeFactory().textNode(keys.get(i))).append(": ");
                write(node.get(keys.get(i)), inner, out);
                out.append(i < keys.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray() && !node.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(inner);
                write(node.get(i), inner, out);
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            out.append(node);
        }
    }
}
