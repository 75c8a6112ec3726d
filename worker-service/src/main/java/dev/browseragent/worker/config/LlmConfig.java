package dev.browseragent.worker.config;

import dev.browseragent.worker.llm.AgentOutput;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the worker reaches the models. Env: {@code BROWSER_AGENT_LLM_*}. Each provider's base URL and key default to
 * the standard variables that provider's own SDK reads.
 */
public interface LlmConfig {

    /** OpenAI itself: models named {@code gpt-*}, {@code o1*}, {@code o3*}, {@code o4*}. */
    Provider openai();

    /** Any other OpenAI-compatible server (Ollama, vLLM, LM Studio...): every model name no other provider claims. */
    Provider openaiCompatible();

    /** Anthropic Messages: models named {@code claude-*}. */
    Provider anthropic();

    /** Google Gemini {@code generateContent}: models named {@code gemini-*}. */
    Provider gemini();

    /** How long one model call may take. */
    @WithDefault("120s")
    Duration requestTimeout();

    /** How many times a call that got a 429, a 5xx or a network error is tried again. */
    @WithDefault("3")
    int maxRetries();

    /** The wait before the first retry, doubled for each further one; a {@code Retry-After} header takes precedence. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The longest wait between two tries, whatever {@code Retry-After} asks for. */
    @WithDefault("30s")
    Duration maxRetryBackoff();

    /**
     * Public model name (a task's {@code llm_model}, such as {@code gpt-4.1}) to the model id sent to the server,
     * e.g. {@code browser-agent.llm.model-map."gpt-4.1"=qwen2.5vl:7b} for a local server. Names not in the map
     * are sent as they are. Empty by default.
     */
    Map<String, String> modelMap();

    /**
     * Public model name to the provider that serves it ({@code openai}, {@code openai-compatible}, {@code anthropic},
     * {@code gemini}), for names the prefix rule gets wrong, e.g. {@code browser-agent.llm.model-provider."gpt-4.1"=
     * openai-compatible} to send {@code gpt-4.1} to a local server. Empty by default.
     */
    Map<String, String> modelProvider();

    /**
     * Public model names that cannot read images: they get no screenshot. By default every model gets one (when
     * vision is on).
     */
    Optional<List<String>> textOnlyModels();

    interface Provider {

        /**
         * The API's base URL. Default: the provider's standard variable ({@code OPENAI_BASE_URL} for OpenAI and
         * OpenAI-compatible servers, {@code ANTHROPIC_BASE_URL}, {@code GEMINI_BASE_URL}), else its public API.
         */
        Optional<String> baseUrl();

        /**
         * The API key. Default: the provider's standard variable ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY},
         * {@code GEMINI_API_KEY} or else {@code GOOGLE_API_KEY}); local servers need none.
         */
        Optional<String> apiKey();

        /**
         * For OpenAI and OpenAI-compatible servers: {@code json-schema} ({@code response_format} of type
         * {@code json_schema}) or {@code function} (one forced function named {@code AgentOutput}, for servers
         * without JSON-schema support). Anthropic always uses its forced tool, Gemini its response schema.
         */
        @WithDefault("json-schema")
        String structuredOutput();
    }
}
