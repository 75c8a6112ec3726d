package dev.browseragent.api.validation;

import java.util.ArrayList;
import java.util.List;

/** Where a value sits in the request, as a 422 entry names it: {@code ["body", "metadata", "team"]}. */
public record Loc(List<Object> parts) {

    public static Loc of(Object... parts) {
        return new Loc(List.of(parts));
    }

    public Loc then(Object part) {
        List<Object> longer = new ArrayList<>(parts);
        longer.add(part);
        return new Loc(List.copyOf(longer));
    }
}
