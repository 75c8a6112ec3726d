package dev.browseragent.worker.agent.action;

/** An action could not be bound or run; the message is written for the model, which sees it next step. */
public class ActionException extends RuntimeException {

    public ActionException(String message) {
        super(message);
    }
}
