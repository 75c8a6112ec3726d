package dev.browseragent.api.error;

import java.util.List;

/** Rules that no annotation expresses (they need the database or a parser) fail with this: a 422. */
public class RequestValidationException extends RuntimeException {

    private final List<ValidationProblem> problems;

    public RequestValidationException(List<ValidationProblem> problems) {
        super(problems.toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
