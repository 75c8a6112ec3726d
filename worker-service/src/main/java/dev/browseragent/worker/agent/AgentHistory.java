package dev.browseragent.worker.agent;

import dev.browseragent.worker.agent.action.ActionOutcome;
import dev.browseragent.worker.agent.action.ExecutedActions;
import dev.browseragent.worker.llm.AgentOutput;

import java.util.ArrayList;
import java.util.List;

/** The earlier steps as the model reads them in each user message: its own thoughts and one line per action. */
final class AgentHistory {

    private final List<String> steps = new ArrayList<>();

    void add(int number, AgentOutput output, ExecutedActions actions) {
        StringBuilder step = new StringBuilder()
                .append("Evaluation of previous step: ").append(output.evaluationPreviousGoal()).append('\n')
                .append("Memory: ").append(output.memory()).append('\n')
                .append("Next goal: ").append(output.nextGoal()).append('\n')
                .append("Action results:");
        for (ActionOutcome outcome : actions.outcomes()) {
            step.append("\n- ").append(outcome.call()).append(" -> ").append(outcome.status().wireName())
                    .append(": ").append(outcome.message());
        }
        add(number, step.toString());
    }

    void addFailure(int number, String error) {
        add(number, "This step failed: " + error);
    }

    private void add(int number, String body) {
        steps.add("<step_" + number + ">\n" + body + "\n</step_" + number + ">");
    }

    String render() {
        return steps.isEmpty() ? "No steps yet." : String.join("\n", steps);
    }
}
