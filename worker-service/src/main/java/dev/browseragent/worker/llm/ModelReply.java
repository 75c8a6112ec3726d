package dev.browseragent.worker.llm;

/** What a model call returned, with the tokens it cost. */
public record ModelReply<T>(T value, TokenUsage usage) {
}
