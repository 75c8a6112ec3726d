package dev.browseragent.api.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.model.lifecycle.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code Idempotency-Key} header of run-task: the same key with the same body gives the task the first request
 * created, with another body a 409; without the header every request creates a task.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    static final String CONFLICT = "This Idempotency-Key was already used with a different request body";

    private final OnceOnlyTasks onceOnly;

    public IdempotencyKeys(OnceOnlyTasks onceOnly) {
        this.onceOnly = onceOnly;
    }

    /** @param body the request as the endpoint read it; compared by its canonical JSON */
    public Uni<UUID> create(UUID accountId, String key, JsonNode body, Function<RequestKey, Uni<UUID>> creation) {
        if (key == null) {
            return creation.apply(null);
        }
        if (key.isBlank() || key.length() > MAX_LENGTH) {
            return Uni.createFrom().failure(new RequestValidationException(List.of(new ValidationProblem(
                    List.of("header", "idempotency-key"), "ensure this value has 1 to " + MAX_LENGTH + " characters",
                    "value_error.any_str.length"))));
        }
        String bodyHash = OnceOnlyTasks.bodyHash(body);
        return onceOnly.create(accountId, OnceOnlyTasks.Source.HTTP, key, bodyHash, CONFLICT, creation)
                .map(OnceOnlyTasks.Outcome::taskId);
    }
}
