package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Anthropic Messages ({@code POST /v1/messages}): the agent output comes back as the {@code input} of a
 * {@code tool_use} block of the one tool the request forces ({@code AgentOutput}); a request without tools gets a
 * text block.
 */
final class AnthropicMessagesProtocol implements ModelProtocol {

    @Override
    public boolean handles(String path) {
        return path.equals("/v1/messages");
    }

    @Override
    public ModelPrompt readPrompt(String path, JsonNode body) {
        StringBuilder system = new StringBuilder();
        ModelProtocol.appendText(system, body.path("system"));
        StringBuilder user = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asText().equals("user")) {
                JsonNode content = message.path("content");
                ModelProtocol.appendText(user, content);
                for (JsonNode part : content) {
                    JsonNode source = part.path("source");
                    if (part.path("type").asText().equals("image")) {
                        images.add("data:" + source.path("media_type").asText() + ";base64,"
                                + source.path("data").asText());
                    }
                }
            }
        }
        return new ModelPrompt(path, body.path("model").asText(), system.toString(), user.toString(), images,
                ModelProtocol.offeredActions(body.path("tools").path(0).path("input_schema")), body);
    }


    @Override
    public JsonNode answer(ModelPrompt prompt, String answer) {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "msg_" + UUID.randomUUID().toString().replace("-", ""))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", prompt.model());
        JsonNode tool = prompt.body().path("tools").path(0);
        Optional<JsonNode> input = ModelProtocol.asObject(answer);
        ObjectNode block = response.putArray("content").addObject();
        if (!tool.isMissingNode() && input.isPresent()) {
            block.put("type", "tool_use")
                    .put("id", "toolu_" + UUID.randomUUID().toString().replace("-", ""))
                    .put("name", tool.path("name").asText())
                    .set("input", input.get());
            response.put("stop_reason", "tool_use");
        } else {
            block.put("type", "text").put("text", answer);
            response.put("stop_reason", "end_turn");
        }
        response.putObject("usage")
                .put("input_tokens", ModelProtocol.tokens(prompt.systemText() + prompt.userText()))
                .put("output_tokens", ModelProtocol.tokens(answer));
        return response;
    }

    @Override
    public JsonNode error(String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", "api_error").put("message", message);
        return body;
    }
}
