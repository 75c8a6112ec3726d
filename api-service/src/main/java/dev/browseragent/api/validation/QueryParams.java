package dev.browseragent.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.browseragent.model.TaskStatus;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Query parameters read by the same rules as JSON values, reported at {@code ["query", name]}. */
public final class QueryParams {

    private QueryParams() {
    }

    /** An integer parameter; {@code fallback} when absent. */
    public static Integer integer(String raw, String name, int min, int max, int fallback, Problems problems) {
        if (raw == null) {
            return fallback;
        }
        return JsonRules.integer(min, max).read(asJson(raw.trim()), Loc.of("query", name), problems);
    }

    /** A required text parameter. */
    public static String required(String raw, String name, Problems problems) {
        if (raw == null || raw.isEmpty()) {
            problems.add(Loc.of("query", name), "field required", "value_error.missing");
            return null;
        }
        return raw;
    }

    /** An optional task status, by its wire name ({@code running}, …); null when absent. */
    public static TaskStatus status(String raw, String name, Problems problems) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (TaskStatus status : TaskStatus.values()) {
            if (status.wireName().equals(raw)) {
                return status;
            }
        }
        problems.add(Loc.of("query", name), "value is not a valid enumeration member; permitted: " + Arrays.stream(
                TaskStatus.values()).map(status -> "'" + status.wireName() + "'").collect(Collectors.joining(", ")),
                "type_error.enum");
        return null;
    }

    private static JsonNode asJson(String raw) {
        return raw.matches("-?\\d{1,400}") ? BigIntegerNode.valueOf(new BigInteger(raw)) : TextNode.valueOf(raw);
    }
}
