package dev.browseragent.worker.llm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * One action the model asked for, as it wrote it: {@code {"click": {"index": 13}}}. Whether the name exists and the
 * params fit is the agent's to check, so that a wrong action becomes an error the model sees, not a lost step.
 */
public record ActionCall(String name, JsonNode params) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ActionCall fromJson(ObjectNode action) {
        if (action.size() != 1) {
            throw new IllegalArgumentException(
                    "each action must be an object with exactly one key, the action's name, not " + action);
        }
        Map.Entry<String, JsonNode> only = action.fields().next();
        JsonNode params = only.getValue().isNull() ? JsonNodeFactory.instance.objectNode() : only.getValue();
        return new ActionCall(only.getKey(), params);
    }

    @JsonValue
    ObjectNode toJson() {
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        action.set(name, params);
        return action;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
