package dev.browseragent.api.admission;

import dev.browseragent.api.account.AccountPlan;
import dev.browseragent.api.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces the plan's {@code max_queued_tasks} (tasks in status {@code created}) without a count per request:
 * each account's count is read from the database at most once a second (a count bounded by the limit, so it
 * stays cheap however long the queue) and this instance's own submissions are added to it in between. Several
 * replicas together may therefore overshoot the limit by what they accept within that second.
 */
@ApplicationScoped
public class QueueGauge {

    static final long RETRY_AFTER_SECONDS = 5;
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Count(long countedAt, AtomicInteger queued) {
    }

    private final Pool pool;
    private final Map<UUID, Count> counts = new ConcurrentHashMap<>();

    public QueueGauge(Pool pool) {
        this.pool = pool;
    }

    /** Counts one more queued task for the account, or fails with a 429 when its queue is full. */
    public Uni<Void> enqueue(AccountPlan plan) {
        Count count = counts.get(plan.accountId());
        Uni<Count> current = count != null && System.nanoTime() - count.countedAt() < FRESH_NANOS
                ? Uni.createFrom().item(count)
                : recount(plan);
        return current.map(fresh -> {
            if (fresh.queued().incrementAndGet() > plan.maxQueuedTasks()) {
                fresh.queued().decrementAndGet();
                throw ApiException.tooManyRequests("Too many queued tasks: the plan allows "
                        + plan.maxQueuedTasks() + " tasks waiting to run", RETRY_AFTER_SECONDS);
            }
            return null;
        });
    }

    /** A submission counted by {@link #enqueue} that did not create a task after all. */
    public void release(AccountPlan plan) {
        Count count = counts.get(plan.accountId());
        if (count != null) {
            count.queued().decrementAndGet();
        }
    }

    private Uni<Count> recount(AccountPlan plan) {
        long startedAt = System.nanoTime();
        return pool.preparedQuery("select count(*) from (select 1 from tasks where account_id = $1 "
                        + "and status = 'created' limit $2) queued")
                .execute(Tuple.of(plan.accountId(), plan.maxQueuedTasks() + 1))
                .map(rows -> {
                    Count fresh = new Count(startedAt, new AtomicInteger(rows.iterator().next().getInteger(0)));
                    counts.put(plan.accountId(), fresh);
                    return fresh;
                });
    }
}
