package dev.browseragent.worker.llm;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/**
 * An action as the model is offered it: the name it writes as the action's single key, what the action is for, and
 * the schema of its params.
 */
public record ActionSpec(String name, String description, JsonObjectSchema params) {
}
