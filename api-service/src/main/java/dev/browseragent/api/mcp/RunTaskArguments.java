package dev.browseragent.api.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.task.RunTaskRequest;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager;
import jakarta.inject.Singleton;

/**
 * The input schema of {@code run_task}: the run-task body's schema, from the class the OpenAPI document describes it
 * with ({@link ToolSchemas} reads the same annotations), and the tool's own {@code wait_for_result}. The tool takes
 * its arguments as they came, so the schema only informs the client; the validation is run-task's.
 */
@Singleton
public class RunTaskArguments implements InputSchemaGenerator<ObjectNode> {

    private final GlobalOutputSchemaGenerator schemas;
    private final long maxWaitSeconds;

    public RunTaskArguments(GlobalOutputSchemaGenerator schemas, ApiConfig config) {
        this.schemas = schemas;
        this.maxWaitSeconds = config.mcp().maxWait().toSeconds();
    }

    @Override
    public ObjectNode generate(ToolManager.ToolInfo tool) {
        ObjectNode schema = (ObjectNode) schemas.generate(RunTaskRequest.class);
        schema.withObjectProperty("properties").putObject(TaskTools.WAIT_FOR_RESULT)
                .put("type", "boolean")
                .put("default", false)
                .put("description", "Wait for the task to end and answer it with its output, instead of only its id."
                        + " It waits at most " + maxWaitSeconds + " seconds; a task still running then is answered"
                        + " as it stands: follow it with get_task.");
        return schema;
    }
}
