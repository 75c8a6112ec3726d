package dev.browseragent.worker.agent;

import java.util.UUID;

/**
 * What the agent is asked to do.
 *
 * @param task      the user's request in plain language
 * @param llmModel  the public model name, e.g. {@code gpt-4.1}
 * @param maxSteps  the most steps the run may take; the last one can only finish
 * @param useVision send a screenshot with each step (only if {@code browser-agent.agent.use-vision} is on too)
 */
public record AgentTask(UUID id, String task, String llmModel, int maxSteps, int viewportWidth, int viewportHeight,
                        boolean useVision) {
}
