package dev.browseragent.worker.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A task's secrets in the worker: the model knows only their names and writes {@code <secret>name</secret>};
 * {@link #reveal} puts the value in at the moment an action types it, and {@link #redact} puts the placeholder back
 * in everything that leaves the worker. A value is also found in the forms it takes in JSON and in URLs.
 */
public final class TaskSecrets {

    public static final TaskSecrets NONE = new TaskSecrets(Map.of());
    private static final Pattern PLACEHOLDER = Pattern.compile("<secret>([A-Za-z0-9_.-]{1,64})</secret>");

    private final Map<String, String> values;
    /** Every form of every value, longest first, so a value inside a longer one never leaves a piece behind. */
    private final Pattern anyValue;
    private final Map<String, String> placeholderOfForm;

    private TaskSecrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.placeholderOfForm = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!value.isEmpty()) {
                for (String form : forms(value)) {
                    placeholderOfForm.putIfAbsent(form, placeholder(name));
                }
            }
        });
        List<String> forms = placeholderOfForm.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.anyValue = forms.isEmpty() ? null
                : Pattern.compile(forms.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    public static TaskSecrets of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new TaskSecrets(values);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The text with each {@code <secret>name</secret>} of a known name replaced by its value. */
    public String reveal(String text) {
        if (text == null || values.isEmpty()) {
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

    /** The text with every secret value (in any of its forms) replaced by its placeholder. */
    public String redact(String text) {
        if (text == null || anyValue == null) {
            return text;
        }
        return anyValue.matcher(text).replaceAll(match -> Matcher.quoteReplacement(placeholderOfForm.get(match.group())));
    }

    public static String placeholder(String name) {
        return "<secret>" + name + "</secret>";
    }

    /** The value as written, inside a JSON string, and URL-encoded (form and path style). */
    private static Set<String> forms(String value) {
        String json = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t").replace("<", "\\u003c").replace(">", "\\u003e");
        String jsonPlain = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t");
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return new LinkedHashSet<>(List.of(value, jsonPlain, json, form, form.replace("+", "%20")));
    }
}
