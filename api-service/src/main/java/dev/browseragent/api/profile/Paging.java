package dev.browseragent.api.profile;

import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;

import java.util.ArrayList;
import java.util.List;

/** {@code page} (≥ 1, default 1) and {@code limit} (1 to 100, default 10) of a list endpoint, checked strictly. */
public record Paging(int page, int limit) {

    public static final int MAX_LIMIT = 100;

    public static Paging of(String page, String limit) {
        List<ValidationProblem> problems = new ArrayList<>();
        int pageNumber = parse("page", page, 1, 1, Integer.MAX_VALUE, problems);
        int pageSize = parse("limit", limit, 10, 1, MAX_LIMIT, problems);
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
        return new Paging(pageNumber, pageSize);
    }

    public int totalPages(long totalCount) {
        return (int) ((totalCount + limit - 1) / limit);
    }

    private static int parse(String name, String text, int fallback, int min, int max, List<ValidationProblem> problems) {
        if (text == null) {
            return fallback;
        }
        List<Object> loc = List.of("query", name);
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            problems.add(new ValidationProblem(loc, "value is not a valid integer", "type_error.integer"));
            return fallback;
        }
        if (value < min) {
            problems.add(new ValidationProblem(loc, "ensure this value is greater than or equal to " + min, "value_error.number.not_ge"));
        } else if (value > max) {
            problems.add(new ValidationProblem(loc, "ensure this value is less than or equal to " + max, "value_error.number.not_le"));
        }
        return value;
    }
}
