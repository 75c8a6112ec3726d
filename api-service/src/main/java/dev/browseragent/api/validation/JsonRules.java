package dev.browseragent.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Strict readers of JSON values, worded like the v1 API's (pydantic's) errors. Jackson's own binding coerces
 * ({@code "10"} to 10, {@code 10.5} to 10, 1 to {@code "1"}); these rules accept exactly the JSON types the API
 * documents, which no validation library expresses for a loose JSON tree together with v1's error wording.
 */
public final class JsonRules {

    private JsonRules() {
    }

    /**
     * A string of {@code min} to {@code max} characters (code points). A NUL character is refused: PostgreSQL
     * cannot store it in text or JSON, and no browser task needs one.
     */
    public static JsonRule<String> text(int min, int max) {
        return (value, loc, problems) -> {
            if (!value.isTextual()) {
                problems.add(loc, "str type expected", "type_error.str");
                return null;
            }
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (length < min) {
                problems.add(loc, "ensure this value has at least " + min + " characters", "value_error.any_str.min_length");
                return null;
            }
            if (length > max) {
                problems.add(loc, "ensure this value has at most " + max + " characters", "value_error.any_str.max_length");
                return null;
            }
            if (text.indexOf('\0') >= 0) {
                problems.add(loc, "string contains a NUL character", "value_error.str.nul");
                return null;
            }
            return text;
        };
    }

    /** {@link #text} that must hold something besides white space. */
    public static JsonRule<String> nonBlankText(int max) {
        JsonRule<String> text = text(1, max);
        return (value, loc, problems) -> {
            String read = text.read(value, loc, problems);
            if (read != null && read.isBlank()) {
                problems.add(loc, "ensure this value is not blank", "value_error.any_str.blank");
                return null;
            }
            return read;
        };
    }

    /** A string matching a regular expression (which also bounds its length). */
    public static JsonRule<String> matching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return check(text(0, Integer.MAX_VALUE), pattern.asMatchPredicate(), "string does not match regex \"" + regex + "\"",
                "value_error.str.regex");
    }

    /** A rule whose value must also pass {@code test}, else one problem with this message and type. */
    public static <T> JsonRule<T> check(JsonRule<T> rule, Predicate<T> test, String msg, String type) {
        return checked(rule, value -> test.test(value) ? null : msg, type);
    }

    /** A rule whose value must also pass {@code why}, which returns null when it does, else the message. */
    public static <T> JsonRule<T> checked(JsonRule<T> rule, Function<T, String> why, String type) {
        return (value, loc, problems) -> {
            T read = rule.read(value, loc, problems);
            if (read == null) {
                return null;
            }
            String problem = why.apply(read);
            if (problem != null) {
                problems.add(loc, problem, type);
                return null;
            }
            return read;
        };
    }

    /** Maps a read value; the mapping cannot fail. */
    public static <T, R> JsonRule<R> map(JsonRule<T> rule, Function<T, R> mapping) {
        return (value, loc, problems) -> {
            T read = rule.read(value, loc, problems);
            return read == null ? null : mapping.apply(read);
        };
    }

    public static JsonRule<Boolean> bool() {
        return (value, loc, problems) -> {
            if (!value.isBoolean()) {
                problems.add(loc, "value could not be parsed to a boolean", "type_error.bool");
                return null;
            }
            return value.booleanValue();
        };
    }

    /**
     * A JSON integer (no fraction, not a string) from {@code min} to {@code max}; a number too big for any
     * integer type is reported against the bound it exceeds.
     */
    public static JsonRule<Integer> integer(int min, int max) {
        return (value, loc, problems) -> {
            if (!value.isIntegralNumber()) {
                problems.add(loc, "value is not a valid integer", "type_error.integer");
                return null;
            }
            BigInteger number = value.bigIntegerValue();
            if (number.compareTo(BigInteger.valueOf(min)) < 0) {
                problems.add(loc, "ensure this value is greater than or equal to " + min, "value_error.number.not_ge");
                return null;
            }
            if (number.compareTo(BigInteger.valueOf(max)) > 0) {
                problems.add(loc, "ensure this value is less than or equal to " + max, "value_error.number.not_le");
                return null;
            }
            return number.intValue();
        };
    }

    /**
     * A JSON number of cents with at most two decimals (a column of type {@code numeric(14, 2)}), from
     * {@code min} up to (not including) a trillion.
     */
    public static JsonRule<BigDecimal> cents(BigDecimal min) {
        BigDecimal limit = BigDecimal.TEN.pow(12);
        return (value, loc, problems) -> {
            if (!value.isNumber()) {
                problems.add(loc, "value is not a valid decimal", "type_error.decimal");
                return null;
            }
            BigDecimal number = value.decimalValue();
            if (number.compareTo(min) < 0) {
                problems.add(loc, "ensure this value is greater than or equal to " + min.toPlainString(), "value_error.number.not_ge");
                return null;
            }
            if (number.abs().compareTo(limit) >= 0) {
                problems.add(loc, "ensure this value is less than " + limit.toPlainString(), "value_error.number.not_lt");
                return null;
            }
            if (number.stripTrailingZeros().scale() > 2) {
                problems.add(loc, "ensure that there are no more than 2 decimal places", "value_error.decimal.max_places");
                return null;
            }
            return number;
        };
    }

    /** A list of at most {@code maxItems}, each item read by {@code item}; one problem per bad item. */
    public static <T> JsonRule<List<T>> list(int maxItems, JsonRule<T> item) {
        return (value, loc, problems) -> {
            if (!value.isArray()) {
                problems.add(loc, "value is not a valid list", "type_error.list");
                return null;
            }
            if (value.size() > maxItems) {
                problems.add(loc, "ensure this value has at most " + maxItems + " items", "value_error.list.max_items");
                return null;
            }
            List<T> items = new ArrayList<>(value.size());
            boolean valid = true;
            for (int i = 0; i < value.size(); i++) {
                T read = readItem(value.get(i), loc.then(i), item, problems);
                valid &= read != null;
                items.add(read);
            }
            return valid ? items : null;
        };
    }

    /**
     * A JSON object of at most {@code maxEntries}; each name is checked by {@code key} and each value read by
     * {@code entry}, both reported at the entry's name.
     */
    public static <T> JsonRule<Map<String, T>> object(int maxEntries, JsonRule<String> key, JsonRule<T> entry) {
        return (value, loc, problems) -> {
            if (!value.isObject()) {
                problems.add(loc, "value is not a valid dict", "type_error.dict");
                return null;
            }
            if (value.size() > maxEntries) {
                problems.add(loc, "ensure this value has at most " + maxEntries + " items", "value_error.list.max_items");
                return null;
            }
            Map<String, T> entries = new LinkedHashMap<>();
            boolean valid = true;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                Loc at = loc.then(field.getKey());
                String name = key.read(TextNode.valueOf(field.getKey()), at, problems);
                T read = readItem(field.getValue(), at, entry, problems);
                valid &= name != null && read != null;
                entries.put(field.getKey(), read);
            }
            return valid ? entries : null;
        };
    }

    /** Items of a list or object have no default: {@code null} there is a wrong type, not "use the default". */
    private static <T> T readItem(JsonNode item, Loc loc, JsonRule<T> rule, Problems problems) {
        if (item.isNull()) {
            problems.add(loc, "none is not an allowed value", "type_error.none.not_allowed");
            return null;
        }
        return rule.read(item, loc, problems);
    }
}
