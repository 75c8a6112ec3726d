package dev.browseragent.worker.agent;

/** Told about each step as soon as it is done, on the running thread. */
public interface StepListener {

    /** An exception thrown here stops the run (the task was taken away): it propagates out of the run. */
    void onStep(AgentStep step);
}
