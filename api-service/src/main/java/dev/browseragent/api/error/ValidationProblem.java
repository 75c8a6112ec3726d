package dev.browseragent.api.error;

import java.util.List;

/**
 * One entry of a FastAPI-shaped 422 body: {@code {"loc": ["body", "task"], "msg": "field required",
 * "type": "value_error.missing"}}.
 */
public record ValidationProblem(List<Object> loc, String msg, String type) {
}
