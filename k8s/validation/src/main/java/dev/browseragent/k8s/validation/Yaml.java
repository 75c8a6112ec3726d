package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads (multi-document) YAML into Jackson trees. */
final class Yaml {

    static final ObjectMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    static List<ObjectNode> readAll(Path file) {
        return readAll(readString(file));
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** One YAML document of any shape (a JSON patch is a list). */
    static JsonNode readValue(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid YAML: " + e.getMessage(), e);
        }
    }

    static List<ObjectNode> readAll(String text) {
        List<ObjectNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(text)) {
            var iterator = MAPPER.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document instanceof ObjectNode object) {
                    documents.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalArgumentException("A YAML document is not a mapping: " + document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    static ObjectNode readOne(Path file) {
        List<ObjectNode> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one YAML document");
        }
        return documents.get(0);
    }
}
