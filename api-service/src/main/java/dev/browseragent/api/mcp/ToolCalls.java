package dev.browseragent.api.mcp;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How a tool meets the HTTP API: its arguments as the endpoint's body, and the API's answers to a client's mistakes (a 404, 409, 422, 402 or 429 over HTTP), as tool errors in the same
 * words: an MCP client sees an {@code isError} result its model can read and act on, never a protocol error. Any
 * other failure is the server's own and stays one.
 */
final class ToolCalls {

    private ToolCalls() {
    }

    /** Runs a tool's work, its client errors (thrown at once or failed later) turned into tool errors. */
    static <T> Uni<T> guarded(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work).onFailure().transform(ToolCalls::of);
    }

    /**
     * A call's arguments as the JSON body of the HTTP endpoint the tool stands for, as they came (no coercion: the
     * endpoint's own rules judge them); none at all is an empty body (which then lacks its required fields).
     */
    static ObjectNode arguments(RawMessage message, ObjectMapper json) {
        JsonObject params = message.asJsonObject().getJsonObject("params");
        JsonObject arguments = params == null ? null : params.getJsonObject("arguments");
        return arguments == null ? json.createObjectNode() : (ObjectNode) json.valueToTree(arguments.getMap());
    }

    static Throwable of(Throwable failure) {
        if (failure instanceof ApiException refusal) {
            return new ToolCallException(refusal.getMessage());
        }
        if (failure instanceof RequestValidationException invalid) {
            return new ToolCallException(invalid.problems().stream().map(ToolCalls::line)
                    .collect(Collectors.joining("\n", "Invalid arguments:\n", "")));
        }
        return failure;
    }

    /**
     * One problem of a 422's {@code detail} list, as the argument it names and the message: {@code loc}'s first part
     * says where in an HTTP request the field was ({@code body}, {@code query}), which a tool's arguments do not have;
     * list items read {@code allowed_domains[1]}, object members {@code metadata.team}.
     */
    private static String line(ValidationProblem problem) {
        StringBuilder argument = new StringBuilder();
        for (Object part : problem.loc().subList(1, problem.loc().size())) {
            if (part instanceof Integer index) {
                argument.append('[').append(index).append(']');
            } else {
                argument.append(argument.isEmpty() ? "" : ".").append(part);
            }
        }
        return "- " + (argument.isEmpty() ? "" : argument + ": ") + problem.msg();
    }
}
