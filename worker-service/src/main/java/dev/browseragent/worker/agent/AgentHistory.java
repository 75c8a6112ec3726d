package dev.browseragent.worker.agent;

import dev.browseragent.worker.agent.action.ActionOutcome;
import dev.browseragent.worker.agent.action.ExecutedActions;
import dev.browseragent.worker.llm.AgentOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * The earlier steps as the model reads them in each user message: its own thoughts and one line per action. Bounded:
 * the first step and the latest ones, the ones between counted as omitted.
 */
final class AgentHistory {

    private final int latestSteps;
    private final List<String> steps = new ArrayList<>();

    /** @param latestSteps how many of the latest steps are shown besides the first */
    AgentHistory(int latestSteps) {
        this.latestSteps = Math.max(1, latestSteps);
    }

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
        if (steps.isEmpty()) {
            return "No steps yet.";
        }
        if (steps.size() <= latestSteps + 1) {
            return String.join("\n", steps);
        }
        int omitted = steps.size() - latestSteps - 1;
        List<String> shown = new ArrayList<>();
        shown.add(steps.get(0));
        shown.add("<omitted>" + omitted + " steps omitted</omitted>");
        shown.addAll(steps.subList(steps.size() - latestSteps, steps.size()));
        return String.join("\n", shown);
    }
}
