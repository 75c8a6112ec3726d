package dev.browseragent.worker.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The provider APIs the worker talks to, with the standard variables their own SDKs read. */
public enum ModelProvider {
    OPENAI("openai", "OPENAI_BASE_URL", "https://api.openai.com/v1", "OPENAI_API_KEY"),
    OPENAI_COMPATIBLE("openai-compatible", "OPENAI_BASE_URL", "https://api.openai.com/v1", "OPENAI_API_KEY"),
    ANTHROPIC("anthropic", "ANTHROPIC_BASE_URL", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY"),
    GEMINI("gemini", "GEMINI_BASE_URL", "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY",
            "GOOGLE_API_KEY");

    private final String configName;
    private final String baseUrlVariable;
    private final String defaultBaseUrl;
    private final String[] apiKeyVariables;

    ModelProvider(String configName, String baseUrlVariable, String defaultBaseUrl, String... apiKeyVariables) {
        this.configName = configName;
        this.baseUrlVariable = baseUrlVariable;
        this.defaultBaseUrl = defaultBaseUrl;
        this.apiKeyVariables = apiKeyVariables;
    }

    /** The name used in configuration ({@code browser-agent.llm.model-provider}). */
    public String configName() {
        return configName;
    }

    String baseUrlVariable() {
        return baseUrlVariable;
    }

    String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The variables that may hold the key, the preferred first. */
    String[] apiKeyVariables() {
        return apiKeyVariables;
    }

    /** The provider of a model by its name: {@code gpt-*}/{@code o1..o4} OpenAI, {@code claude-*}, {@code gemini-*}. */
    public static ModelProvider byModelName(String modelName) {
        String name = modelName.toLowerCase(Locale.ROOT);
        if (name.startsWith("gpt-") || name.matches("o[1-9]([-.].*)?")) {
            return OPENAI;
        }
        if (name.startsWith("claude-")) {
            return ANTHROPIC;
        }
        if (name.startsWith("gemini-")) {
            return GEMINI;
        }
        return OPENAI_COMPATIBLE;
    }

    public static Optional<ModelProvider> byConfigName(String name) {
        return Arrays.stream(values()).filter(provider -> provider.configName.equalsIgnoreCase(name.strip())).findFirst();
    }
}
