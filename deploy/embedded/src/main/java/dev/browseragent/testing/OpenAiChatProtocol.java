package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}): the agent output comes back as the assistant message
 * content, answering a {@code response_format} of type {@code json_schema}; or as the arguments of a call of the one
 * function the request offers ({@code AgentOutput}), for servers without JSON-schema support.
 */
final class OpenAiChatProtocol implements ModelProtocol {

    @Override
    public boolean handles(String path) {
        return path.equals("/v1/chat/completions");
    }

    @Override
    public ModelPrompt readPrompt(String path, JsonNode body) {
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asText();
            JsonNode content = message.path("content");
            if (role.equals("system") || role.equals("developer")) {
                ModelProtocol.appendText(system, content);
            } else if (role.equals("user")) {
                ModelProtocol.appendText(user, content);
                content.findValues("image_url").forEach(image -> images.add(image.path("url").asText()));
            }
        }
        JsonNode function = body.path("tools").path(0).path("function");
        JsonNode schema = function.isMissingNode()
                ? body.at("/response_format/json_schema/schema") : function.path("parameters");
        return new ModelPrompt(path, body.path("model").asText(), system.toString(), user.toString(), images,
                ModelProtocol.offeredActions(schema), body);
    }


    @Override
    public JsonNode answer(ModelPrompt prompt, String answer) {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + UUID.randomUUID())
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", prompt.model());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        JsonNode function = prompt.body().path("tools").path(0).path("function");
        Optional<JsonNode> arguments = ModelProtocol.asObject(answer);
        if (!function.isMissingNode() && arguments.isPresent()) {
            message.putNull("content");
            message.putArray("tool_calls").addObject()
                    .put("id", "call_" + UUID.randomUUID().toString().replace("-", ""))
                    .put("type", "function")
                    .putObject("function")
                    .put("name", function.path("name").asText())
                    .put("arguments", arguments.get().toString());
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", answer);
            choice.put("finish_reason", "stop");
        }
        int promptTokens = ModelProtocol.tokens(prompt.systemText() + prompt.userText());
        int completionTokens = ModelProtocol.tokens(answer);
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
