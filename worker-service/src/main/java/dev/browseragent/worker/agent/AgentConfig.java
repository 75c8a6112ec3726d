package dev.browseragent.worker.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the agent loop runs. Env: {@code BROWSER_AGENT_AGENT_*}. */
@ConfigMapping(prefix = "browser-agent.agent")
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
}
