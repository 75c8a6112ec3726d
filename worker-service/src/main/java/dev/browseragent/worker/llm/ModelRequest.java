package dev.browseragent.worker.llm;

import java.util.List;

/**
 * What the agent asks the model at one step, whatever the provider (docs/agent.md, "Talking to a model").
 *
 * @param systemPrompt  the rules of the loop, the same every step
 * @param userText      the user message, rebuilt every step
 * @param screenshotPng the viewport as PNG to send as an image part, or null without vision
 * @param actions       the actions the answer may use; the answer schema is built from them
 */
public record ModelRequest(String systemPrompt, String userText, byte[] screenshotPng, List<ActionSpec> actions) {
}
