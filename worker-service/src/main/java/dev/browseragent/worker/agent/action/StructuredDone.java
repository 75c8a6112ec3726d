package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.worker.llm.JsonSchemaElements;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.Objects;

/**
 * Ends a task that has a {@code structured_output_json}: {@code data} must be valid against the task's schema,
 * else the model reads the validation errors and tries again. The output is the data's JSON text.
 */
public record StructuredDone(JsonNode data, Boolean success) implements Action {

    public StructuredDone {
        Params.required(data, "data");
        success = Objects.requireNonNullElse(success, true);
    }

    static ActionType type(JsonNode taskSchema) {
        return new ActionType("done",
                "Finish the task: data is the result for the user, shaped by the required schema; success says"
                        + " whether the task was accomplished.",
                JsonObjectSchema.builder()
                        .addProperty("data", JsonSchemaElements.from(taskSchema))
                        .addBooleanProperty("success", "Whether the task was fully accomplished (default true)")
                        .required("data", "success")
                        .build(),
                StructuredDone.class);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        StructuredOutput schema = context.environment().structuredOutput();
        if (schema == null) {
            throw new ActionException("this task has no output schema; finish with done(text, success)");
        }
        schema.check(data);
        return ActionResult.completed(data.toString(), success);
    }
}
