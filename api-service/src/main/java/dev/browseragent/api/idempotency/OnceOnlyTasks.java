package dev.browseragent.api.idempotency;

import dev.browseragent.api.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creates a task at most once per request key of an account (an HTTP Idempotency-Key, a Kafka submission's request
 * id). The key is stored in the same transaction as the task: the creation joins the transaction opened here
 * (Panache's {@code @WithTransaction} joins one in progress), so a crash leaves both or neither, and a retry after
 * a crash either finds the key or creates the task anew. Two concurrent requests with one key race on the primary
 * key: the loser's transaction, task included, rolls back and it answers the winner's task.
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

    public OnceOnlyTasks(Pool pool, IdempotencyConfig config) {
        this.pool = pool;
        this.retentionSeconds = config.retention().toMillis() / 1000.0;
    }

    /**
     * The task this key created within the retention window, or a new one from {@code creation}, which must write
     * through Panache so that it joins this transaction.
     *
     * @param conflict the 409 detail for a key that was used with another body
     */
    public Uni<Outcome> create(UUID accountId, Source source, String key, String bodyHash, String conflict,
                               Supplier<Uni<UUID>> creation) {
        return earlier(accountId, source, key, bodyHash, conflict).chain(earlier -> earlier != null
                ? Uni.createFrom().item(earlier)
                : Panache.withTransaction(() -> creation.get().call(taskId -> remember(accountId, source, key, bodyHash, taskId)))
                        .map(taskId -> new Outcome(taskId, true))
                        .onFailure(KeyTaken.class).recoverWithUni(() -> earlier(accountId, source, key, bodyHash, conflict)));
    }

    private Uni<Outcome> earlier(UUID accountId, Source source, String key, String bodyHash, String conflict) {
        return pool.preparedQuery("""
                        select task_id, body_hash from task_request_keys
                        where account_id = $1 and source = $2 and request_key = $3
                          and created_at >= now() - make_interval(secs => $4)""")
                .execute(Tuple.of(accountId, source.column(), key, retentionSeconds))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    if (!row.getString("body_hash").equals(bodyHash)) {
                        throw new ApiException(409, conflict);
                    }
                    return new Outcome(row.getUUID("task_id"), false);
                });
    }

    /** Stores the key; an expired row for it is taken over. A live one means another request won the race. */
    private Uni<Void> remember(UUID accountId, Source source, String key, String bodyHash, UUID taskId) {
        return Panache.getSession()
                .chain(session -> session.flush().chain(() -> session.createNativeQuery("""
                                insert into task_request_keys (account_id, source, request_key, body_hash, task_id)
                                values (?1, ?2, ?3, ?4, ?5)
                                on conflict (account_id, source, request_key) do update
                                    set body_hash = excluded.body_hash, task_id = excluded.task_id, created_at = now()
                                    where task_request_keys.created_at < now() - make_interval(secs => ?6)""")
                        .setParameter(1, accountId)
                        .setParameter(2, source.column())
                        .setParameter(3, key)
                        .setParameter(4, bodyHash)
                        .setParameter(5, taskId)
                        .setParameter(6, retentionSeconds)
                        .executeUpdate()))
                .invoke(stored -> {
                    if (stored == 0) {
                        throw new KeyTaken();
                    }
                })
                .replaceWithVoid();
    }

    /** Rolls the losing transaction back; never leaves this class. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }
}
