package dev.browseragent.worker.agent.action;

/**
 * An action the model asked for, its params bound and checked, ready to run. Each implementation is a record of its
 * params that also declares how the model is offered it ({@code TYPE}).
 */
public interface Action {

    /** @throws ActionException when the action cannot do what was asked; the model reads the message next step */
    ActionResult execute(ActionContext context);
}
