package dev.browseragent.model;

import java.util.Arrays;
import java.util.Optional;

/** The models a v1 client may name in {@code llm_model}, with the provider that serves each. */
public enum LlmModel {
    GPT_4O("gpt-4o", Provider.OPENAI),
    GPT_4O_MINI("gpt-4o-mini", Provider.OPENAI),
    GPT_4_1("gpt-4.1", Provider.OPENAI),
    GPT_4_1_MINI("gpt-4.1-mini", Provider.OPENAI),
    O4_MINI("o4-mini", Provider.OPENAI),
    O3("o3", Provider.OPENAI),
    GEMINI_2_0_FLASH("gemini-2.0-flash", Provider.GEMINI),
    GEMINI_2_0_FLASH_LITE("gemini-2.0-flash-lite", Provider.GEMINI),
    GEMINI_2_5_FLASH_PREVIEW("gemini-2.5-flash-preview-04-17", Provider.GEMINI),
    GEMINI_2_5_FLASH("gemini-2.5-flash", Provider.GEMINI),
    GEMINI_2_5_PRO("gemini-2.5-pro", Provider.GEMINI),
    CLAUDE_3_7_SONNET("claude-3-7-sonnet-20250219", Provider.ANTHROPIC),
    CLAUDE_SONNET_4("claude-sonnet-4-20250514", Provider.ANTHROPIC),
    LLAMA_4_MAVERICK("llama-4-maverick-17b-128e-instruct", Provider.OPENAI);

    /** The v1 default for {@code llm_model}. */
    public static final LlmModel DEFAULT = GPT_4_1;

    public enum Provider { OPENAI, ANTHROPIC, GEMINI }

    private final String wireName;
    private final Provider provider;

    LlmModel(String wireName, Provider provider) {
        this.wireName = wireName;
        this.provider = provider;
    }

    public String wireName() {
        return wireName;
    }

    public Provider provider() {
        return provider;
    }

    public static Optional<LlmModel> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
