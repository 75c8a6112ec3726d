package dev.browseragent.worker.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How the worker reaches the models. Env: {@code BROWSER_AGENT_LLM_*}. */
@ConfigMapping(prefix = "browser-agent.llm")
public interface LlmConfig {

    /** The OpenAI-compatible transport: OpenAI itself, or Ollama, vLLM, LM Studio and the like. */
    OpenAi openai();

    /** How long one model call may take. */
    @WithDefault("120s")
    Duration requestTimeout();

    /**
     * Public model name (a task's {@code llm_model}, such as {@code gpt-4.1}) to the model id sent to the server,
     * e.g. {@code browser-agent.llm.model-map."gpt-4.1"=qwen2.5vl:7b} for a local server. Names not in the map
     * are sent as they are. Empty by default.
     */
    Map<String, String> modelMap();

    interface OpenAi {

        /** The base URL of the Chat Completions API: {@code OPENAI_BASE_URL} if set, else the OpenAI API. */
        @WithDefault("${OPENAI_BASE_URL:https://api.openai.com/v1}")
        String baseUrl();

        /** The API key: {@code OPENAI_API_KEY} if set; local servers need none. */
        @WithDefault("${OPENAI_API_KEY:}")
        Optional<String> apiKey();
    }
}
