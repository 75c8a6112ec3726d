package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}): the agent output comes back as the assistant message
 * content, answering a {@code response_format} of type {@code json_schema}.
 */
final class OpenAiChatProtocol implements ModelProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handles(String path) {
        return path.equals("/v1/chat/completions");
    }

    @Override
    public ModelPrompt readPrompt(JsonNode body) {
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asText();
            JsonNode content = message.path("content");
            if (role.equals("system") || role.equals("developer")) {
                appendText(system, content);
            } else if (role.equals("user")) {
                appendText(user, content);
                content.findValues("image_url").forEach(image -> images.add(image.path("url").asText()));
            }
        }
        return new ModelPrompt(body.path("model").asText(), system.toString(), user.toString(), images,
                offeredActions(body), body);
    }

    /** Content is either a plain string or a list of typed parts, of which the text parts count. */
    private static void appendText(StringBuilder text, JsonNode content) {
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

    /** The single keys of the {@code action} items the answer schema allows. */
    private static List<String> offeredActions(JsonNode body) {
        JsonNode items = body.at("/response_format/json_schema/schema/properties/action/items");
        List<String> names = new ArrayList<>();
        JsonNode choices = items.has("anyOf") ? items.get("anyOf") : JSON.createArrayNode().add(items);
        for (JsonNode choice : choices) {
            choice.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    @Override
    public JsonNode answer(ModelPrompt prompt, String agentOutputJson) {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + UUID.randomUUID())
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", prompt.model());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", agentOutputJson);
        choice.put("finish_reason", "stop");
        // Rough token counts (4 characters a token): enough for clients that read usage.
        int promptTokens = (prompt.systemText().length() + prompt.userText().length()) / 4;
        int completionTokens = agentOutputJson.length() / 4;
        response.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return response;
    }

    @Override
    public JsonNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", "server_error");
        return body;
    }
}
