package dev.browseragent.api.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.UUID;

/** An account's credit balance, read fresh each time (tasks and steps are charged by the database's triggers). */
@ApplicationScoped
public class CreditBalances {

    private final Pool pool;

    public CreditBalances(Pool pool) {
        this.pool = pool;
    }

    /** The account's credit balance in cents; null when unlimited. */
    public Uni<BigDecimal> of(UUID accountId) {
        return pool.preparedQuery("select credit_balance_cents from accounts where id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBigDecimal(0));
    }
}
