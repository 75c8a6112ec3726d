package dev.browseragent.worker.agent;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's secrets: {@code <secret>name</secret>} placeholders become values only where an action types them, and
 * every value becomes its placeholder again in whatever leaves the worker (prompts, steps, output, errors).
 */
final class Secrets {

    private static final Pattern PLACEHOLDER = Pattern.compile("<secret>\\s*([^<]+?)\\s*</secret>");

    private final Map<String, String> values;
    /** Longest value first, so a value that contains another is replaced whole. */
    private final List<Map.Entry<String, String>> byLength;

    Secrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.byLength = values.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .sorted(Comparator.comparingInt((Map.Entry<String, String> entry) -> entry.getValue().length()).reversed())
                .toList();
    }

    /** The names the model may use. */
    List<String> names() {
        return values.keySet().stream().sorted().toList();
    }

    /** The text with each known placeholder replaced by its value; unknown names stay as they are. */
    String reveal(String text) {
        if (values.isEmpty() || text == null) {
            return text;
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder revealed = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            placeholder.appendReplacement(revealed, Matcher.quoteReplacement(value == null ? placeholder.group() : value));
        }
        return placeholder.appendTail(revealed).toString();
    }

    /** The text with every secret value replaced by its placeholder. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (Map.Entry<String, String> secret : byLength) {
            redacted = redacted.replace(secret.getValue(), "<secret>" + secret.getKey() + "</secret>");
        }
        return redacted;
    }
}
