package dev.browseragent.worker.llm;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The OpenAI Chat Completions transport (also for OpenAI-compatible servers), through LangChain4j: a system message
 * and one user message (text, and the screenshot as an image part), with a strict {@code json_schema} response
 * format named {@code AgentOutput}; the agent output comes back as the message content.
 */
public final class OpenAiModelClient implements ModelClient {

    private final String baseUrl;
    private final ChatModel model;

    /**
     * @param apiKey may be blank for local servers that take none
     */
    public OpenAiModelClient(String baseUrl, String apiKey, String modelId, Duration timeout) {
        this.baseUrl = baseUrl;
        this.model = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelId)
                .timeout(timeout)
                .strictJsonSchema(true)
                // A failed call fails the step; the agent loop counts it and tries again with a fresh observation.
                .maxRetries(0)
                .build();
    }

    @Override
    public AgentOutput next(ModelRequest request) {
        List<Content> parts = new ArrayList<>();
        parts.add(TextContent.from(request.userText()));
        if (request.screenshotPng() != null) {
            String png = Base64.getEncoder().encodeToString(request.screenshotPng());
            parts.add(ImageContent.from(png, "image/png", ImageContent.DetailLevel.AUTO));
        }
        ChatRequest chat = ChatRequest.builder()
                .messages(SystemMessage.from(request.systemPrompt()), UserMessage.from(parts))
                .responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(AgentOutputSchema.of(request.actions()))
                        .build())
                .build();
        String answer;
        try {
            answer = model.chat(chat).aiMessage().text();
        } catch (RuntimeException e) {
            throw new ModelException(describe(e), e);
        }
        return AgentOutputParser.parse(answer);
    }

    /**
     * LangChain4j passes an error response's body as the message, but a network failure only as a cause, and some
     * failures carry no message at all: name the cause then, so the step and the task say what happened.
     */
    private String describe(RuntimeException e) {
        Throwable root = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UnresolvedAddressException) {
                return "no answer from the model server at " + baseUrl + ": " + name(cause);
            }
            root = cause;
        }
        return "the model call failed: " + (e.getMessage() == null ? name(root) : e.getMessage());
    }

    private static String name(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
