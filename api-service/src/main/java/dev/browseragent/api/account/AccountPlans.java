package dev.browseragent.api.account;

import dev.browseragent.api.auth.AccountPlan;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** Account plans by account id, remembered as briefly as API keys are ({@code browser-agent.auth.cache-ttl}). */
@ApplicationScoped
public class AccountPlans {

    static final String CACHE = "account-plans";

    private final Pool pool;

    public AccountPlans(Pool pool) {
        this.pool = pool;
    }

    @CacheResult(cacheName = CACHE)
    public Uni<Optional<AccountPlan>> byId(UUID accountId) {
        return pool.preparedQuery("select " + AccountPlan.COLUMNS + " from accounts a where a.id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(AccountPlan.of(rows.iterator().next())));
    }

    /** After an account change on this replica. */
    @CacheInvalidateAll(cacheName = CACHE)
    public Uni<Void> forgetAll() {
        return Uni.createFrom().voidItem();
    }
}
