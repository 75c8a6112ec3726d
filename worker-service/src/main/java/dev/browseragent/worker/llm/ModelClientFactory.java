package dev.browseragent.worker.llm;

import dev.browseragent.model.LlmModel;
import jakarta.enterprise.context.ApplicationScoped;

/** Picks the transport for a task's model: the one place where a model name decides which provider API is used. */
@ApplicationScoped
public class ModelClientFactory {

    private final LlmConfig config;

    public ModelClientFactory(LlmConfig config) {
        this.config = config;
    }

    /** A client for the public model name (a task's {@code llm_model}), mapped through {@code model-map}. */
    public ModelClient forModel(String publicName) {
        String modelId = config.modelMap().getOrDefault(publicName, publicName);
        LlmModel.Provider provider = LlmModel.fromWireName(publicName)
                .map(LlmModel::provider)
                .orElse(LlmModel.Provider.OPENAI);
        return switch (provider) {
            // Until their own transports exist, Anthropic and Gemini names go to the OpenAI-compatible endpoint too
            // (a gateway such as LiteLLM, or a local model through model-map).
            case OPENAI, ANTHROPIC, GEMINI -> new OpenAiModelClient(config.openai().baseUrl(),
                    config.openai().apiKey().orElse(""), modelId, config.requestTimeout());
        };
    }
}
