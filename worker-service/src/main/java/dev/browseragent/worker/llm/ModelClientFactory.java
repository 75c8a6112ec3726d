package dev.browseragent.worker.llm;

import dev.browseragent.worker.config.LlmConfig;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Picks the provider for a task's model and keeps its client: the one place where a model name decides which API is
 * used. Each provider's model (and the HTTP client under it) is built once and reused by every task.
 */
@ApplicationScoped
public class ModelClientFactory {

    /** Anthropic requires a cap on the answer; an agent output with a long {@code done} text fits in this. */
    private static final int ANTHROPIC_MAX_TOKENS = 8192;

    private final LlmConfig config;
    private final Function<String, String> environment;
    private final Map<ModelProvider, RetryingHttpClient.Builder> httpClients = new ConcurrentHashMap<>();
    private final Map<String, ChatModel> models = new ConcurrentHashMap<>();

    @Inject
    public ModelClientFactory(LlmConfig config) {
        this(config, System::getenv);
    }

    /** @param environment the process environment, where the providers' standard variables are read */
    public ModelClientFactory(LlmConfig config, Function<String, String> environment) {
        this.config = config;
        this.environment = environment;
    }

    /** A client for the public model name (a task's {@code llm_model}), mapped through {@code model-map}. */
    public ModelClient forModel(String publicName) {
        String modelId = config.modelMap().getOrDefault(publicName, publicName);
        ModelProvider provider = provider(publicName);
        boolean readsImages = config.textOnlyModels().map(names -> !names.contains(publicName)).orElse(true);
        ChatModel model = models.computeIfAbsent(provider.configName() + "/" + modelId,
                key -> build(provider, modelId));
        return new ProviderModelClient(model, modelId, structuredOutput(provider), readsImages);
    }

    /** The provider configured for the name in {@code model-provider}, else the one its prefix says. */
    public ModelProvider provider(String publicName) {
        String configured = config.modelProvider().get(publicName);
        if (configured == null) {
            return ModelProvider.byModelName(publicName);
        }
        return ModelProvider.byConfigName(configured).orElseThrow(() -> new IllegalStateException(
                "browser-agent.llm.model-provider.\"" + publicName + "\" is '" + configured + "'; use one of "
                        + Arrays.stream(ModelProvider.values()).map(ModelProvider::configName).toList()));
    }

    /** The base URL the provider is reached at: configuration, else its standard variable, else its public API. */
    public String baseUrl(ModelProvider provider) {
        return settings(provider).baseUrl().filter(url -> !url.isBlank())
                .orElseGet(() -> Objects.requireNonNullElse(variable(provider.baseUrlVariable()),
                        provider.defaultBaseUrl()));
    }

    /** The API key: configuration, else the first standard variable that is set; empty for none. */
    String apiKey(ModelProvider provider) {
        return settings(provider).apiKey().filter(key -> !key.isBlank())
                .orElseGet(() -> Arrays.stream(provider.apiKeyVariables()).map(this::variable)
                        .filter(Objects::nonNull).findFirst().orElse(""));
    }

    private String variable(String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    private LlmConfig.Provider settings(ModelProvider provider) {
        return switch (provider) {
            case OPENAI -> config.openai();
            case OPENAI_COMPATIBLE -> config.openaiCompatible();
            case ANTHROPIC -> config.anthropic();
            case GEMINI -> config.gemini();
        };
    }

    private ProviderModelClient.StructuredOutput structuredOutput(ModelProvider provider) {
        return switch (provider) {
            case ANTHROPIC -> ProviderModelClient.StructuredOutput.FORCED_TOOL;
            case GEMINI -> ProviderModelClient.StructuredOutput.JSON_SCHEMA;
            case OPENAI, OPENAI_COMPATIBLE -> {
                String form = settings(provider).structuredOutput().strip().toLowerCase(Locale.ROOT);
                yield switch (form) {
                    case "json-schema" -> ProviderModelClient.StructuredOutput.JSON_SCHEMA;
                    case "function" -> ProviderModelClient.StructuredOutput.FORCED_TOOL;
                    default -> throw new IllegalStateException("browser-agent.llm." + provider.configName()
                            + ".structured-output is '" + form + "'; use json-schema or function");
                };
            }
        };
    }

    private ChatModel build(ModelProvider provider, String modelId) {
        RetryingHttpClient.Builder http = httpClients.computeIfAbsent(provider, p ->
                new RetryingHttpClient.Builder(config.maxRetries(), config.retryBackoff(), config.maxRetryBackoff()));
        String baseUrl = baseUrl(provider);
        String apiKey = apiKey(provider);
        return switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .modelName(modelId)
                    .timeout(config.requestTimeout())
                    .strictJsonSchema(true)
                    .strictTools(true)
                    // Retries happen in the HTTP client, where Retry-After is seen.
                    .maxRetries(0)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .modelName(modelId)
                    .maxTokens(ANTHROPIC_MAX_TOKENS)
                    .toolChoiceName(AgentOutputSchema.NAME)
                    .timeout(config.requestTimeout())
                    .maxRetries(0)
                    .build();
            case GEMINI -> GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .modelName(modelId)
                    .timeout(config.requestTimeout())
                    .maxRetries(0)
                    .build();
        };
    }
}
