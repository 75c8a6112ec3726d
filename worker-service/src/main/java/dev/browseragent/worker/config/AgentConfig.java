package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

/** How the agent loop runs. Env: {@code BROWSER_AGENT_AGENT_*}. */
public interface AgentConfig {

    /** Send the viewport screenshot to the model each step; when off, no task gets vision. */
    @WithDefault("true")
    boolean useVision();

    /** The most actions the model may ask for in one step; further ones do not run. */
    @WithDefault("10")
    int maxActionsPerStep();

    /**
     * Failed steps in a row (no usable model answer, a failed action) after which the model gets one more step that
     * can only finish; if that fails too, the run fails.
     */
    @WithDefault("3")
    int maxConsecutiveFailures();

    /**
     * How many of the latest steps the model reads in full in its history (the first step is always kept; the ones
     * between are summed up as "N steps omitted"), so the prompt stays bounded however long a task runs.
     */
    @WithDefault("10")
    int historySteps();

    /** The most characters of page text a step shows the model; a longer page is cut, with a note saying so. */
    @WithDefault("40000")
    int maxPageCharacters();

    /**
     * Open the one web address a task's text names (with its {@code http://} or {@code https://}) before the first
     * model call, under the task's network policy, and tell the model so in its first step: the model does not spend
     * a step opening it. Off by default, so a task's steps are those a v1 client knows (its first step opens the page).
     */
    @WithDefault("false")
    boolean openStartUrl();
}
