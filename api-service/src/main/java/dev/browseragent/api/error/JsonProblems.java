package dev.browseragent.api.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Problems found while reading the JSON body, worded like pydantic's type errors. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static ValidationProblem invalidBody() {
        return new ValidationProblem(List.of("body"), "request body is not valid JSON", "value_error.jsondecode");
    }

    public static ValidationProblem mismatchedInput(MismatchedInputException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (JsonMappingException.Reference reference : e.getPath()) {
            loc.add(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        Class<?> target = e.getTargetType();
        if (loc.size() == 1) {
            return new ValidationProblem(loc, "value is not a valid dict", "type_error.dict");
        }
        if (target == null) {
            return new ValidationProblem(loc, "invalid value", "type_error");
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return new ValidationProblem(loc, "value is not a valid integer", "type_error.integer");
        }
        if (target == Boolean.class || target == boolean.class) {
            return new ValidationProblem(loc, "value could not be parsed to a boolean", "type_error.bool");
        }
        if (target == String.class) {
            return new ValidationProblem(loc, "str type expected", "type_error.str");
        }
        if (Map.class.isAssignableFrom(target)) {
            return new ValidationProblem(loc, "value is not a valid dict", "type_error.dict");
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return new ValidationProblem(loc, "value is not a valid list", "type_error.list");
        }
        return new ValidationProblem(loc, "invalid value", "type_error");
    }
}
