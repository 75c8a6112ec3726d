package dev.browseragent.worker.llm;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;

import java.util.List;

/**
 * The JSON Schema of {@link AgentOutput} named {@code AgentOutput}, for the offered actions: the action list holds
 * any of the single-key objects, one per action. Providers send it in their own structured-output form.
 */
public final class AgentOutputSchema {

    public static final String NAME = "AgentOutput";

    private AgentOutputSchema() {
    }

    public static JsonSchema of(List<ActionSpec> actions) {
        List<JsonSchemaElement> choices = actions.stream().map(AgentOutputSchema::singleKeyObject).toList();
        JsonSchemaElement item = choices.size() == 1 ? choices.get(0) : JsonAnyOfSchema.builder().anyOf(choices).build();
        JsonObjectSchema root = JsonObjectSchema.builder()
                .addStringProperty("evaluation_previous_goal", "One sentence: did the previous goal work?")
                .addStringProperty("memory", "1-3 sentences of progress to remember")
                .addStringProperty("next_goal", "The immediate next goal")
                .addProperty("action", JsonArraySchema.builder()
                        .description("The actions to run now, in order")
                        .items(item)
                        .build())
                .required("evaluation_previous_goal", "memory", "next_goal", "action")
                .additionalProperties(false)
                .build();
        return JsonSchema.builder().name(NAME).rootElement(root).build();
    }

    private static JsonSchemaElement singleKeyObject(ActionSpec action) {
        return JsonObjectSchema.builder()
                .description(action.description())
                .addProperty(action.name(), action.params())
                .required(action.name())
                .additionalProperties(false)
                .build();
    }
}
