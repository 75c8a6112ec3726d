package dev.browseragent.api.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The table of fields of one JSON object body: each field's name, rule, whether it is required, and where its
 * value goes. {@code null} or absent means "use the default" for optional fields; unknown fields are ignored.
 *
 * @param <T> what the body is read into
 */
public final class JsonObjectRules<T> {

    private record Field<T, V>(String name, boolean required, JsonRule<V> rule, BiConsumer<T, V> target) {
        void read(JsonNode body, Loc loc, T into, Problems problems) {
            JsonNode value = body.get(name);
            Loc at = loc.then(name);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(at, "field required", "value_error.missing");
                }
                return;
            }
            V read = rule.read(value, at, problems);
            if (read != null) {
                target.accept(into, read);
            }
        }
    }

    private final Supplier<T> factory;
    private final List<Field<T, ?>> fields = new ArrayList<>();

    public JsonObjectRules(Supplier<T> factory) {
        this.factory = factory;
    }

    public <V> JsonObjectRules<T> required(String name, JsonRule<V> rule, BiConsumer<T, V> target) {
        fields.add(new Field<>(name, true, rule, target));
        return this;
    }

    public <V> JsonObjectRules<T> optional(String name, JsonRule<V> rule, BiConsumer<T, V> target) {
        fields.add(new Field<>(name, false, rule, target));
        return this;
    }

    /**
     * Reads {@code body} (which may be null or missing: then the body itself is required) into a new value;
     * problems are added at {@code loc}. The result is complete only when no problem was added.
     */
    public T read(JsonNode body, Loc loc, Problems problems) {
        T into = factory.get();
        if (body == null || body.isMissingNode() || body.isNull()) {
            problems.add(loc, "field required", "value_error.missing");
            return into;
        }
        if (!body.isObject()) {
            problems.add(loc, "value is not a valid dict", "type_error.dict");
            return into;
        }
        for (Field<T, ?> field : fields) {
            field.read(body, loc, into, problems);
        }
        return into;
    }
}
