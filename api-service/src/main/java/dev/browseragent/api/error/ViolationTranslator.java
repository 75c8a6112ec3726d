package dev.browseragent.api.error;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a Bean Validation violation on a resource method into a v1 (pydantic-worded) problem: the
 * location starts with {@code body}, {@code query} or {@code path}, then the JSON names of the field path.
 */
public final class ViolationTranslator {

    private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ViolationTranslator() {
    }

    /**
     * The problems of a request body validated as an object rather than as a resource method's parameter (a
     * body that did not come through HTTP), in the order a 422 lists them.
     */
    public static List<ValidationProblem> bodyProblems(Set<? extends ConstraintViolation<?>> violations) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            if (isRedundant(violation)) {
                continue;
            }
            List<Object> loc = new ArrayList<>();
            loc.add("body");
            for (Path.Node node : violation.getPropertyPath()) {
                appendField(loc, node);
            }
            problems.add(describe(violation, loc));
        }
        problems.sort(Comparator.comparing(p -> p.loc().toString()));
        return problems;
    }

    /** A missing value fails both NotNull and NotBlank; only "field required" is worth reporting. */
    static boolean isRedundant(ConstraintViolation<?> violation) {
        return violation.getInvalidValue() == null && violation.getConstraintDescriptor().getAnnotation()
                .annotationType().equals(jakarta.validation.constraints.NotBlank.class);
    }

    static ValidationProblem translate(ConstraintViolation<?> violation, Method resourceMethod) {
        List<Object> loc = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                loc.add(parameterSource(resourceMethod, node.as(Path.ParameterNode.class).getParameterIndex()));
                if (!loc.get(0).equals("body")) {
                    loc.add(node.getName());
                }
                continue;
            }
            if (node.getKind() == ElementKind.METHOD || loc.isEmpty()) {
                continue;
            }
            appendField(loc, node);
        }
        return describe(violation, loc);
    }

    private static void appendField(List<Object> loc, Path.Node node) {
        if (node.getKind() == ElementKind.PROPERTY) {
            loc.add(JSON_NAMES.translate(node.getName()));
        }
        if (node.getIndex() != null) {
            loc.add(node.getIndex());
        } else if (node.getKey() != null) {
            loc.add(node.getKey().toString());
        }
    }

    private static String parameterSource(Method method, int index) {
        for (Annotation annotation : method.getParameterAnnotations()[index]) {
            if (annotation instanceof QueryParam) {
                return "query";
            }
            if (annotation instanceof PathParam) {
                return "path";
            }
        }
        return "body";
    }

    private static ValidationProblem describe(ConstraintViolation<?> violation, List<Object> loc) {
        String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
        boolean text = violation.getInvalidValue() instanceof CharSequence;
        return switch (constraint) {
            case "NotNull" -> new ValidationProblem(loc, "field required", "value_error.missing");
            case "NotBlank" -> new ValidationProblem(loc, "ensure this value is not blank", "value_error.any_str.blank");
            case "Min", "Max" -> numberRange(constraint, attributes.get("value"), loc);
            case "Size" -> size(attributes, text, violation.getInvalidValue(), loc);
            case "Pattern" -> new ValidationProblem(loc,
                    "string does not match regex \"" + attributes.get("regexp") + "\"", "value_error.str.regex");
            default -> new ValidationProblem(loc, violation.getMessage(),
                    (String) attributes.getOrDefault("errorType", "value_error"));
        };
    }

    private static ValidationProblem numberRange(String constraint, Object bound, List<Object> loc) {
        return constraint.equals("Min")
                ? new ValidationProblem(loc, "ensure this value is greater than or equal to " + bound, "value_error.number.not_ge")
                : new ValidationProblem(loc, "ensure this value is less than or equal to " + bound, "value_error.number.not_le");
    }

    private static ValidationProblem size(Map<String, Object> attributes, boolean text, Object value, List<Object> loc) {
        int min = (Integer) attributes.get("min");
        int max = (Integer) attributes.get("max");
        int actual = text ? ((CharSequence) value).length() : sizeOf(value);
        boolean tooLong = actual > max;
        String unit = text ? "characters" : "items";
        String kind = text ? "value_error.any_str." : "value_error.list.";
        return tooLong
                ? new ValidationProblem(loc, "ensure this value has at most " + max + " " + unit, kind + "max_" + (text ? "length" : "items"))
                : new ValidationProblem(loc, "ensure this value has at least " + min + " " + unit, kind + "min_" + (text ? "length" : "items"));
    }

    private static int sizeOf(Object value) {
        if (value instanceof java.util.Collection<?> collection) {
            return collection.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return 0;
    }
}
