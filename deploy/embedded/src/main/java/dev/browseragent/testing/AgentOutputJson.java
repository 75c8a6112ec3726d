package dev.browseragent.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds the agent output a scripted model answers with, so scenarios need not spell JSON by hand:
 * <pre>{@code
 * agentOutput("Typed the query", "Form filled", "Submit the form",
 *         action("input", "index", 3, "text", "shoes"), action("click", "index", 4))
 * }</pre>
 */
public final class AgentOutputJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentOutputJson() {
    }

    /** A whole agent output: the three thoughts and the actions, in order. */
    public static String agentOutput(String evaluationPreviousGoal, String memory, String nextGoal,
                                     JsonNode... actions) {
        ObjectNode output = JSON.createObjectNode()
                .put("evaluation_previous_goal", evaluationPreviousGoal)
                .put("memory", memory)
                .put("next_goal", nextGoal);
        output.putArray("action").addAll(List.of(actions));
        try {
            return JSON.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One single-key action object, {@code {"name": {param: value, ...}}}, params given as name/value pairs. */
    public static JsonNode action(String name, Object... paramNamesAndValues) {
        if (paramNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("params come as name/value pairs");
        }
        ObjectNode action = JSON.createObjectNode();
        ObjectNode params = action.putObject(name);
        for (int i = 0; i < paramNamesAndValues.length; i += 2) {
            params.set((String) paramNamesAndValues[i], JSON.valueToTree(paramNamesAndValues[i + 1]));
        }
        return action;
    }
}
