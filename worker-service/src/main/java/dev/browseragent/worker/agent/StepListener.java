package dev.browseragent.worker.agent;

import java.util.function.UnaryOperator;

/** Told about each step as soon as it is done, on the running thread. */
public interface StepListener {

    /** An exception thrown here stops the run (the task was taken away): it propagates out of the run. */
    void onStep(AgentStep step);

    /**
     * Called before each model call and before the actions the model asked for: may block (the task is paused) and
     * may throw to end the run (the task was stopped), like {@link #onStep}.
     */
    default void checkpoint() {
    }

    /**
     * Asked after each checkpoint: true once after a person held the browser while the run was paused there. Before a
     * model call the run then reads the page again; before a step's actions it drops them (they were chosen for the
     * page as it was); either way the model is told.
     */
    default boolean personActed() {
        return false;
    }

    /** This listener, told each step as {@code change} makes it (which may also act on it), and asked as before. */
    default StepListener withSteps(UnaryOperator<AgentStep> change) {
        StepListener target = this;
        return new StepListener() {
            @Override
            public void onStep(AgentStep step) {
                target.onStep(change.apply(step));
            }

            @Override
            public void checkpoint() {
                target.checkpoint();
            }

            @Override
            public boolean personActed() {
                return target.personActed();
            }
        };
    }
}
