package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.llm.ActionSpec;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/**
 * One kind of action: how the model is offered it and the record its params bind to.
 *
 * @param name        the action's key in the model's answer
 * @param description what it does, for the model
 * @param params      the schema of its params
 * @param actionClass the record the params bind to (params absent from the answer take the record's defaults)
 */
public record ActionType(String name, String description, JsonObjectSchema params,
                         Class<? extends Action> actionClass) {

    public ActionSpec spec() {
        return new ActionSpec(name, description, params);
    }
}
