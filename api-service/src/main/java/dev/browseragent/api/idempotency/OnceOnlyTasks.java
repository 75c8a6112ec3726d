package dev.browseragent.api.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.webhook.CanonicalJson;
import dev.browseragent.model.lifecycle.RequestKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Creates a task at most once per request key of an account (an HTTP Idempotency-Key, a Kafka submission's request
 * id). The key is stored by the very statement that creates the task ({@link RequestKey}), so a crash leaves both or
 * neither, and a retry after a crash either finds the key or creates the task anew. Two concurrent requests with one
 * key race on its primary key: the loser's statement creates nothing and it answers the winner's task.
 */
@ApplicationScoped
public class OnceOnlyTasks {

    /** Where the key came from; each has its own key space. */
    public enum Source {
        HTTP, KAFKA;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The task for the key, and whether this call created it. */
    public record Outcome(UUID taskId, boolean created) {
    }

    private final Pool pool;
    private final double retentionSeconds;

    public OnceOnlyTasks(Pool pool, ApiConfig config) {
        this.pool = pool;
        this.retentionSeconds = config.idempotency().retention().toMillis() / 1000.0;
    }

    /**
     * What identifies a request body for its key: the SHA-256 of its canonical JSON, with the values of
     * {@code secrets} left out (only their names count), so that no secret can be guessed against a stored hash.
     */
    public static String bodyHash(JsonNode body) {
        if (body instanceof ObjectNode object && object.get("secrets") instanceof ObjectNode secrets) {
            ObjectNode withoutValues = object.deepCopy();
            ObjectNode names = withoutValues.putObject("secrets");
            secrets.fieldNames().forEachRemaining(name -> names.putNull(name));
            return CanonicalJson.sha256(withoutValues);
        }
        return CanonicalJson.sha256(body);
    }

    /**
     * The task this key created within the retention window, or a new one from {@code creation}, which must hand the
     * key to {@link dev.browseragent.api.task.TaskService#create(UUID, dev.browseragent.api.task.RunTaskRequest,
     * RequestKey)}.
     *
     * @param conflict the 409 detail for a key that was used with another body
     */
    public Uni<Outcome> create(UUID accountId, Source source, String key, String bodyHash, String conflict,
                               Function<RequestKey, Uni<UUID>> creation) {
        RequestKey requestKey = new RequestKey(source.column(), key, bodyHash, retentionSeconds);
        return earlier(accountId, requestKey, conflict).chain(earlier -> earlier != null
                ? Uni.createFrom().item(earlier)
                : creation.apply(requestKey)
                        .map(taskId -> new Outcome(taskId, true))
                        .onFailure(RequestKey.Taken.class).recoverWithUni(() -> earlier(accountId, requestKey, conflict)
                                .onItem().ifNull().failWith(() -> new ApiException(409, conflict))));
    }

    private Uni<Outcome> earlier(UUID accountId, RequestKey key, String conflict) {
        return pool.preparedQuery("""
                        select task_id, body_hash from task_request_keys
                        where account_id = $1 and source = $2 and request_key = $3
                          and created_at >= now() - make_interval(secs => $4)""")
                .execute(Tuple.of(accountId, key.source(), key.key(), key.retentionSeconds()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    if (!row.getString("body_hash").equals(key.bodyHash())) {
                        throw new ApiException(409, conflict);
                    }
                    return new Outcome(row.getUUID("task_id"), false);
                });
    }
}
