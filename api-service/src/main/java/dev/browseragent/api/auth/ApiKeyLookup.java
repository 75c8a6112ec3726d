package dev.browseragent.api.auth;

import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Finds the account of an API key. Answers (unknown keys too) are kept for
 * {@code browser-agent.auth.cache-ttl} so that most requests cost no database round trip; a revoked key or a
 * changed plan takes effect on every replica within that time (at once on the replica that made the change).
 */
@ApplicationScoped
public class ApiKeyLookup {

    static final String CACHE = "api-keys";

    private final Pool pool;

    public ApiKeyLookup(Pool pool) {
        this.pool = pool;
    }

    @CacheResult(cacheName = CACHE)
    public Uni<Optional<AccountPlan>> byKeyHash(String keyHash) {
        return pool.preparedQuery("select " + AccountPlan.COLUMNS
                        + " from api_keys k join accounts a on a.id = k.account_id where k.key_hash = $1")
                .execute(Tuple.of(keyHash))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(AccountPlan.of(rows.iterator().next())));
    }

    /** After a key or account change on this replica. */
    @CacheInvalidateAll(cacheName = CACHE)
    public Uni<Void> forgetAll() {
        return Uni.createFrom().voidItem();
    }
}
