package dev.browseragent.worker.agent.action;

/**
 * What an action did, for the model's history; and, for {@code done}, how the task ended.
 *
 * @param message    one line describing what happened
 * @param completion the task's end as the model declared it, or null for every action but {@code done}
 */
public record ActionResult(String message, Completion completion) {

    /** The task's end as the model declared it with {@code done}. */
    public record Completion(String text, boolean success) {
    }

    public static ActionResult of(String message) {
        return new ActionResult(message, null);
    }

    public static ActionResult completed(String text, boolean success) {
        return new ActionResult("Finished the task (" + (success ? "success" : "not successful") + ")",
                new Completion(text, success));
    }
}
