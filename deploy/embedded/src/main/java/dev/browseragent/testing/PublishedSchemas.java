package dev.browseragent.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a record's JSON against one of the schemas common-model publishes ({@code schemas/*.json}). */
public final class PublishedSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private PublishedSchemas() {
    }

    /** The problems found, empty when the JSON is valid against the schema at this class-path location. */
    public static List<String> problems(String schemaResource, String json) {
        return SCHEMAS.computeIfAbsent(schemaResource, PublishedSchemas::load)
                .validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** @throws AssertionError naming the problems when the JSON does not follow the schema */
    public static void assertValid(String schemaResource, String json) {
        List<String> problems = problems(schemaResource, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(json + " does not follow " + schemaResource + ": " + problems);
        }
    }

    private static Schema load(String resource) {
        try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No schema " + resource + " on the class path");
            }
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
