package dev.browseragent.api.validation;

import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one request, collected so that all of them are reported at once. */
public final class Problems {

    private final List<ValidationProblem> found = new ArrayList<>();

    public void add(Loc loc, String msg, String type) {
        found.add(new ValidationProblem(loc.parts(), msg, type));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<ValidationProblem> list() {
        return List.copyOf(found);
    }

    /** Throws the 422 when anything was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new RequestValidationException(found);
        }
    }
}
