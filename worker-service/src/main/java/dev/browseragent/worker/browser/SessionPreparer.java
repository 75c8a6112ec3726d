package dev.browseragent.worker.browser;

/**
 * A step of handing a pre-started browser to a task, run by {@link BrowserPool#take} after the pool's own reset
 * (a fresh profile that no task has used, the task's viewport). Implement it as a CDI bean to add a task-specific
 * preparation (network policy, restored browser state); every bean runs, in no particular order. Throwing closes
 * the session and fails the hand-out.
 */
public interface SessionPreparer {

    void prepare(BrowserSession session, SessionRequest request);
}
