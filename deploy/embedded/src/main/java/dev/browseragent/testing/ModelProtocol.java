package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One provider's wire protocol as the {@link ScriptedModelServer} speaks it: where requests arrive, how the agent's
 * prompt is read out of them and how an agent output travels back. OpenAI Chat Completions is the one there is;
 * Anthropic Messages and Gemini {@code generateContent} slot in as further implementations.
 */
interface ModelProtocol {

    /** Whether a POST to this path belongs to this protocol. */
    boolean handles(String path);

    ModelPrompt readPrompt(JsonNode body);

    /** The response body that carries the agent output JSON the way this provider does. */
    JsonNode answer(ModelPrompt prompt, String agentOutputJson);

    /** The error body this provider sends with a failed request. */
    JsonNode error(String message);
}
