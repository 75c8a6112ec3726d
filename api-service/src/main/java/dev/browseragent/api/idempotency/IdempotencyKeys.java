package dev.browseragent.api.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.webhook.CanonicalJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header of run-task: the same key with the same body gives the task the first request
 * created, with another body a 409; without the header every request creates a task.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;
    static final String CONFLICT = "This Idempotency-Key was already used with a different request body";

    private final OnceOnlyTasks onceOnly;
    private final ObjectMapper json;

    public IdempotencyKeys(OnceOnlyTasks onceOnly, ObjectMapper json) {
        this.onceOnly = onceOnly;
        this.json = json;
    }

    /** @param body the request as the endpoint read it; compared by its canonical JSON */
    public Uni<UUID> create(UUID accountId, String key, Object body, Supplier<Uni<UUID>> creation) {
        if (key == null) {
            return creation.get();
        }
        if (key.isBlank() || key.length() > MAX_LENGTH) {
            return Uni.createFrom().failure(new RequestValidationException(List.of(new ValidationProblem(
                    List.of("header", "idempotency-key"), "ensure this value has 1 to " + MAX_LENGTH + " characters",
                    "value_error.any_str.length"))));
        }
        String bodyHash = CanonicalJson.sha256(json.valueToTree(body));
        return onceOnly.create(accountId, OnceOnlyTasks.Source.HTTP, key, bodyHash, CONFLICT, creation)
                .map(OnceOnlyTasks.Outcome::taskId);
    }
}
