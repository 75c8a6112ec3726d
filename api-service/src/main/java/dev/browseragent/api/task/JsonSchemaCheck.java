package dev.browseragent.api.task;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Checks that a JSON document is a valid JSON Schema (draft 2020-12) by validating it against the metaschema.
 * Made at start: loading the metaschema takes too long for the first request's event-loop thread.
 */
@Startup
@ApplicationScoped
public class JsonSchemaCheck {

    private final Schema metaschema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /** What is wrong with the schema, one message per problem; empty when it is valid. */
    public List<String> problems(String schemaJson) {
        return metaschema.validate(schemaJson, InputFormat.JSON).stream().map(Error::getMessage).toList();
    }
}
