package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One provider's wire protocol as the {@link ScriptedModelServer} speaks it: where requests arrive, how the agent's
 * prompt is read out of them and how an answer travels back. OpenAI Chat Completions, Anthropic Messages and Gemini
 * {@code generateContent} implement it.
 */
interface ModelProtocol {

    ObjectMapper JSON = new ObjectMapper();

    /** Whether a POST to this path belongs to this protocol. */
    boolean handles(String path);

    ModelPrompt readPrompt(String path, JsonNode body);

    /**
     * The response body that carries the answer the way this provider does: the agent output in the request's
     * structured-output form, or plain text for a request without one (the agent's {@code extract}).
     */
    JsonNode answer(ModelPrompt prompt, String answer);

    /** The error body this provider sends with a failed request. */
    JsonNode error(String message);

    /** The single keys of the {@code action} items of an agent output schema. */
    static List<String> offeredActions(JsonNode schema) {
        JsonNode items = schema.path("properties").path("action").path("items");
        List<String> names = new ArrayList<>();
        JsonNode choices = items.has("anyOf") ? items.get("anyOf") : JSON.createArrayNode().add(items);
        for (JsonNode choice : choices) {
            choice.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The answer as a JSON object, for a tool call's arguments; empty when the answer is not one. */
    static Optional<JsonNode> asObject(String answer) {
        try {
            JsonNode node = JSON.readTree(answer);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }

    /** Appends message content: a plain string, or a list of typed parts of which the text parts count. */
    static void appendText(StringBuilder text, JsonNode content) {
        if (content.isTextual()) {
            text.append(content.asText());
            return;
        }
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                text.append(part.path("text").asText());
            }
        }
    }

    /** Rough token counts (4 characters a token): enough for clients that read usage. */
    static int tokens(String text) {
        return text.length() / 4;
    }
}
