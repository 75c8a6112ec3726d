package dev.browseragent.worker.llm;

/** One model, reached through its provider's API. Implementations are bound to a model and are thread-safe. */
public interface ModelClient {

    /**
     * Asks for the next step.
     *
     * @throws ModelException when no usable answer came back (the agent counts it as a failed step)
     */
    AgentOutput next(ModelRequest request);
}
