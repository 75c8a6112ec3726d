package dev.browseragent.worker.agent;

/**
 * How a run ended.
 *
 * @param success       the model finished with {@code done} and declared success
 * @param output        the text of {@code done}, or null when the model never finished
 * @param failureReason why the run did not succeed (max steps reached, too many failures in a row, the browser
 *                      failed, the model declared it did not succeed...); null exactly when it succeeded
 */
public record AgentResult(boolean success, String output, String failureReason) {

    static AgentResult failed(String reason) {
        return new AgentResult(false, null, reason);
    }

    static AgentResult finished(String output, boolean success) {
        return new AgentResult(success, output, success ? null : "the agent finished without accomplishing the task");
    }
}
