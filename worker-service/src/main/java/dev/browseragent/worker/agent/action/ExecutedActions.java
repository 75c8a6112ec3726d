package dev.browseragent.worker.agent.action;

import java.util.List;

/**
 * The outcome of one step's actions.
 *
 * @param outcomes   one per action the model asked for, in order
 * @param completion how the task ended, when {@code done} ran; else null
 */
public record ExecutedActions(List<ActionOutcome> outcomes, ActionResult.Completion completion) {

    /** Whether an action failed (the rest then did not run). */
    public boolean failed() {
        return outcomes.stream().anyMatch(outcome -> outcome.status() == ActionOutcome.Status.ERROR);
    }

    /** The first failed action's message, if any. */
    public String error() {
        return outcomes.stream()
                .filter(outcome -> outcome.status() == ActionOutcome.Status.ERROR)
                .map(outcome -> outcome.call().name() + ": " + outcome.message())
                .findFirst()
                .orElse(null);
    }
}
