package dev.browseragent.worker.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * The model's answer for one step (docs/agent.md, "Actions"): how the previous goal went, what to remember, the next
 * goal and the actions to run, in order.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentOutput(
        @JsonProperty("evaluation_previous_goal") String evaluationPreviousGoal,
        @JsonProperty("memory") String memory,
        @JsonProperty("next_goal") String nextGoal,
        @JsonProperty("action") List<ActionCall> actions) {

    public AgentOutput {
        evaluationPreviousGoal = Objects.requireNonNullElse(evaluationPreviousGoal, "");
        memory = Objects.requireNonNullElse(memory, "");
        nextGoal = Objects.requireNonNullElse(nextGoal, "");
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("'action' must list at least one action");
        }
        actions = List.copyOf(actions);
    }
}
