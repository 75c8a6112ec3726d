package dev.browseragent.api.error;

import java.util.List;

/** The v1 422 body: one entry per problem. */
public record ValidationErrorBody(List<ValidationProblem> detail) {
}
