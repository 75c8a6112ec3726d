package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Keeps the MCP protocol's own names ({@code isError}, {@code structuredContent}, {@code mimeType}) as the
 * specification writes them: the application's ObjectMapper writes snake_case for the v1 API, and Vert.x's JSON,
 * which the MCP extension writes its messages with, is that same mapper. Only the extension's types are concerned;
 * what a tool returns is the API's JSON.
 */
@Singleton
public class ProtocolNames implements ObjectMapperCustomizer {

    private static final String MCP_TYPES = "io.quarkiverse.mcp.server";

    @Override
    public void customize(ObjectMapper mapper) {
        // Asked only where the mapper's own introspector finds nothing (no @JsonNaming on the class).
        AnnotationIntrospector own = mapper.getSerializationConfig().getAnnotationIntrospector();
        mapper.setAnnotationIntrospector(AnnotationIntrospector.pair(own, new NopAnnotationIntrospector() {
            @Override
            public Object findNamingStrategy(AnnotatedClass type) {
                return type.getRawType().getName().startsWith(MCP_TYPES + ".")
                        ? PropertyNamingStrategies.LowerCamelCaseStrategy.class : null;
            }
        }));
    }
}
