package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.search.SearchUrlRequest;
import dev.browseragent.api.search.SimpleSearchRequest;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager;
import jakarta.inject.Singleton;

/**
 * The input schemas of {@code simple_search} and {@code search_url}: their endpoints' body schemas, from the classes
 * the OpenAPI document describes them with. The tools take their arguments as they came; the validation is the
 * endpoints'.
 */
@Singleton
public class SearchArguments implements InputSchemaGenerator<ObjectNode> {

    private final GlobalOutputSchemaGenerator schemas;

    public SearchArguments(GlobalOutputSchemaGenerator schemas) {
        this.schemas = schemas;
    }

    @Override
    public ObjectNode generate(ToolManager.ToolInfo tool) {
        return (ObjectNode) schemas.generate(SearchTools.SIMPLE_SEARCH.equals(tool.name()) ? SimpleSearchRequest.class
                : SearchUrlRequest.class);
    }
}
