package dev.browseragent.worker.llm;

/** Tokens a model call (or several) used, as the provider reported them; 0 when it reported none. */
public record TokenUsage(int inputTokens, int outputTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    static TokenUsage of(dev.langchain4j.model.output.TokenUsage usage) {
        if (usage == null) {
            return NONE;
        }
        return new TokenUsage(zeroIfNull(usage.inputTokenCount()), zeroIfNull(usage.outputTokenCount()));
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }

    private static int zeroIfNull(Integer count) {
        return count == null ? 0 : count;
    }
}
