package dev.browseragent.worker.llm;

/** One model, reached through its provider's API. Implementations are thread-safe. */
public interface ModelClient {

    /**
     * Asks for the next step, in the provider's structured-output form of the agent output.
     *
     * @throws ModelException when no usable answer came back (the agent counts it as a failed step)
     */
    ModelReply<AgentOutput> next(ModelRequest request);

    /**
     * Asks a plain question about a text (the {@code extract} action): the answer is free text.
     *
     * @throws ModelException when no answer came back
     */
    ModelReply<String> ask(String instructions, String text);

    /** Whether the model is sent screenshots. */
    boolean readsImages();
}
