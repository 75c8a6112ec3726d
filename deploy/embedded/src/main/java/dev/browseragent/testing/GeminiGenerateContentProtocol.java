package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Gemini {@code generateContent} ({@code POST /v1beta/models/MODEL:generateContent}): the agent output comes
 * back as the text of the first part, answering {@code responseMimeType: application/json} with a
 * {@code responseSchema}.
 */
final class GeminiGenerateContentProtocol implements ModelProtocol {

    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):generateContent");

    @Override
    public boolean handles(String path) {
        return PATH.matcher(path).matches();
    }

    @Override
    public ModelPrompt readPrompt(String path, JsonNode body) {
        Matcher model = PATH.matcher(path);
        String modelName = model.matches() ? model.group(1) : "";
        StringBuilder system = new StringBuilder();
        appendParts(system, body.path("systemInstruction").path("parts"));
        StringBuilder user = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode content : body.path("contents")) {
            if (content.path("role").asText("user").equals("user")) {
                appendParts(user, content.path("parts"));
                for (JsonNode part : content.path("parts")) {
                    JsonNode inline = part.path("inlineData");
                    if (!inline.isMissingNode()) {
                        images.add("data:" + inline.path("mimeType").asText() + ";base64," + inline.path("data").asText());
                    }
                }
            }
        }
        JsonNode config = body.path("generationConfig");
        JsonNode schema = config.has("responseSchema") ? config.get("responseSchema") : config.path("responseJsonSchema");
        return new ModelPrompt(path, modelName, system.toString(), user.toString(), images,
                ModelProtocol.offeredActions(schema), body);
    }

    private static void appendParts(StringBuilder text, JsonNode parts) {
        for (JsonNode part : parts) {
            if (part.has("text")) {
                text.append(part.path("text").asText());
            }
        }
    }

    @Override
    public JsonNode answer(ModelPrompt prompt, String answer) {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.putArray("parts").addObject().put("text", answer);
        candidate.put("finishReason", "STOP").put("index", 0);
        int promptTokens = ModelProtocol.tokens(prompt.systemText() + prompt.userText());
        int answerTokens = ModelProtocol.tokens(answer);
        response.putObject("usageMetadata")
                .put("promptTokenCount", promptTokens)
                .put("candidatesTokenCount", answerTokens)
                .put("totalTokenCount", promptTokens + answerTokens);
        response.put("modelVersion", prompt.model());
        return response;
    }

    @Override
    public JsonNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", 500).put("message", message).put("status", "INTERNAL");
        return body;
    }
}
