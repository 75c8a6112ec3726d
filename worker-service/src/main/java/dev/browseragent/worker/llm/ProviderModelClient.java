package dev.browseragent.worker.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A model behind one of the provider APIs, through LangChain4j's model for that provider. The agent output travels in
 * the provider's structured-output form (docs/agent.md, "Talking to a model"): a JSON-schema response format (OpenAI's
 * {@code json_schema}, Gemini's {@code responseSchema}) whose object is the answer's text, or one forced tool/function
 * named {@code AgentOutput} whose arguments are the object (Anthropic; OpenAI-compatible servers without JSON-schema
 * support).
 */
final class ProviderModelClient implements ModelClient {

    private static final Logger LOG = Logger.getLogger(ProviderModelClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of an error body a user gets to read. */
    private static final int MAX_ERROR_LENGTH = 300;

    /** How the agent output travels. */
    enum StructuredOutput { JSON_SCHEMA, FORCED_TOOL }

    private final ChatModel model;
    private final String modelId;
    private final StructuredOutput structuredOutput;
    private final boolean readsImages;

    ProviderModelClient(ChatModel model, String modelId, StructuredOutput structuredOutput, boolean readsImages) {
        this.model = model;
        this.modelId = modelId;
        this.structuredOutput = structuredOutput;
        this.readsImages = readsImages;
    }

    @Override
    public boolean readsImages() {
        return readsImages;
    }

    @Override
    public ModelReply<AgentOutput> next(ModelRequest request) {
        List<Content> parts = new ArrayList<>();
        parts.add(TextContent.from(request.userText()));
        if (request.screenshotPng() != null && readsImages) {
            String png = Base64.getEncoder().encodeToString(request.screenshotPng());
            parts.add(ImageContent.from(png, "image/png", ImageContent.DetailLevel.AUTO));
        }
        JsonSchema schema = AgentOutputSchema.of(request.actions());
        ChatRequest.Builder chat = ChatRequest.builder()
                .modelName(modelId)
                .messages(SystemMessage.from(request.systemPrompt()), UserMessage.from(parts));
        if (structuredOutput == StructuredOutput.JSON_SCHEMA) {
            chat.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build());
        } else {
            chat.toolSpecifications(ToolSpecification.builder()
                            .name(AgentOutputSchema.NAME)
                            .description("Your answer for this step")
                            .parameters((JsonObjectSchema) schema.rootElement())
                            .build())
                    .toolChoice(ToolChoice.REQUIRED);
        }
        ChatResponse response = call(chat.build());
        return new ModelReply<>(AgentOutputParser.parse(answerText(response.aiMessage())),
                TokenUsage.of(response.tokenUsage()));
    }

    @Override
    public ModelReply<String> ask(String instructions, String text) {
        ChatResponse response = call(ChatRequest.builder()
                .modelName(modelId)
                .messages(SystemMessage.from(instructions), UserMessage.from(text))
                .build());
        String answer = response.aiMessage().text();
        if (answer == null || answer.isBlank()) {
            throw new ModelException("the model gave an empty answer", null);
        }
        return new ModelReply<>(answer, TokenUsage.of(response.tokenUsage()));
    }

    private String answerText(AiMessage message) {
        if (structuredOutput == StructuredOutput.JSON_SCHEMA) {
            return message.text();
        }
        List<ToolExecutionRequest> calls = message.toolExecutionRequests();
        if (calls == null || calls.isEmpty()) {
            throw new ModelException("the model did not call " + AgentOutputSchema.NAME + " as it must", null);
        }
        return calls.get(0).arguments();
    }

    private ChatResponse call(ChatRequest request) {
        try {
            return model.chat(request);
        } catch (RuntimeException e) {
            LOG.infof(e, "Model call to %s failed", modelId);
            throw new ModelException(describe(e), e);
        }
    }

    /** What went wrong, for the model: the status and the provider's own message, never internals. */
    static String describe(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return "the model server answered HTTP " + http.statusCode() + errorMessage(http.getMessage());
            }
            if (cause instanceof HttpTimeoutException) {
                return "the model server did not answer in time";
            }
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return "the model server could not be reached";
            }
        }
        return "the model call failed" + errorMessage(e.getMessage());
    }

    /** The {@code message} of a provider's JSON error body, or the body itself, cut short. */
    private static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String message = body;
        try {
            JsonNode error = JSON.readTree(body);
            JsonNode text = error.path("error").isObject() ? error.path("error").path("message") : error.path("message");
            if (text.isTextual()) {
                message = text.asText();
            }
        } catch (IOException notJson) {
            // Not JSON: the body as it is.
        }
        message = message.replaceAll("\\s+", " ").strip();
        return ": " + (message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) + "…" : message);
    }
}
