package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.BrowserSession;

import java.util.UUID;

/**
 * What the run's owner does to the browser around the agent's use of it: before, it applies the task's network
 * policy, secrets and saved profile state, and offers the task's live view; after, it saves what the task keeps and
 * ends the live view. The worker's safeguards and its live view implement it, each bean called in turn.
 */
public interface SessionHooks {

    /** The browser is handed to the task, before the agent's first step. */
    default void attach(UUID taskId, BrowserSession session) {
    }

    /**
     * The agent's first step is done (its action too), before it is recorded: what can wait until then starts here
     * rather than compete with that step for the machine (a recording, whose first frames would show the empty tab).
     */
    default void firstStepDone(UUID taskId, BrowserSession session) {
    }

    /** The agent is done with the browser, before it closes. */
    void detach(UUID taskId, BrowserSession session);
}
