package dev.browseragent.api.admission;

import dev.browseragent.api.auth.AccountPlan;
import dev.browseragent.api.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces the plan's {@code max_queued_tasks} (tasks in status {@code created}) without a count per request:
 * each account's count is read from the database at most once a second, by one query at a time, and this
 * instance's own submissions are added to it in between. A request never waits for a recount unless the account
 * has no count yet: a stale count still answers while the new one is read (a count over a long queue takes a
 * while, and every request of the account would wait for it). The count stops at the limit, but a very high limit
 * over a very long queue makes it slow: a count that took {@code t} is trusted for the longer of one second and
 * {@value #COUNT_SHARE_DIVISOR}{@code t}, so counting never takes more than about 5% of the database's time. A queue
 * at less than half its limit (this instance's submissions since the count included) is counted again only after
 * {@value #ROOMY_FRESH_SECONDS} s: the other replicas would have to fill the other half meanwhile for it to matter,
 * and a count of a long queue, tens of milliseconds of a database core, slows the requests it overlaps. Several
 * replicas together may therefore overshoot the limit by what they accept in between.
 */
@ApplicationScoped
public class QueueGauge {

    private static final Logger LOG = Logger.getLogger(QueueGauge.class);
    static final long RETRY_AFTER_SECONDS = 5;
    private static final long MIN_FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int COUNT_SHARE_DIVISOR = 20;
    private static final long ROOMY_FRESH_SECONDS = 30;
    private static final long ROOMY_FRESH_NANOS = TimeUnit.SECONDS.toNanos(ROOMY_FRESH_SECONDS);

    private record Count(long countedAt, long freshForNanos, AtomicInteger queued) {
        /** With this instance's submissions since the count included: a queue that has filled up is counted sooner. */
        boolean fresh(long maxQueued) {
            long age = System.nanoTime() - countedAt;
            return age < freshForNanos || queued.get() < maxQueued / 2 && age < ROOMY_FRESH_NANOS;
        }
    }

    private final Pool pool;
    private final Map<UUID, Count> counts = new ConcurrentHashMap<>();
    private final Map<UUID, Uni<Count>> recounts = new ConcurrentHashMap<>();

    public QueueGauge(Pool pool) {
        this.pool = pool;
    }

    /** Counts one more queued task for the account, or fails with a 429 when its queue is full. */
    public Uni<Void> enqueue(AccountPlan plan) {
        Count count = counts.get(plan.accountId());
        if (count == null) {
            return recount(plan).invoke(first -> admit(plan, first)).replaceWithVoid();
        }
        if (!count.fresh(plan.maxQueuedTasks())) {
            recount(plan).subscribe().with(ignored -> { },
                    failure -> LOG.warnf("Could not count the queued tasks of account %s: %s", plan.accountId(),
                            failure.getMessage()));
        }
        return Uni.createFrom().item(() -> {
            admit(plan, count);
            return null;
        });
    }

    private static void admit(AccountPlan plan, Count count) {
        if (count.queued().incrementAndGet() > plan.maxQueuedTasks()) {
            count.queued().decrementAndGet();
            throw ApiException.tooManyRequests("Too many queued tasks: the plan allows "
                    + plan.maxQueuedTasks() + " tasks waiting to run", RETRY_AFTER_SECONDS);
        }
    }

    /** A submission counted by {@link #enqueue} that did not create a task after all. */
    public void release(AccountPlan plan) {
        Count count = counts.get(plan.accountId());
        if (count != null) {
            count.queued().decrementAndGet();
        }
    }

    /** The account's count query in flight, or a new one; it leaves the map when it ends, failed or not. */
    private Uni<Count> recount(AccountPlan plan) {
        UUID accountId = plan.accountId();
        // A statement lambda: Map.remove returns the memoized Uni, and eventually() would wait for a returned Uni.
        return recounts.computeIfAbsent(accountId, id -> count(plan)
                .eventually(() -> {
                    recounts.remove(id);
                })
                .memoize().indefinitely());
    }

    private Uni<Count> count(AccountPlan plan) {
        return Uni.createFrom().deferred(() -> {
            long startedAt = System.nanoTime();
            return pool.preparedQuery("select count(*) from (select 1 from tasks where account_id = $1 "
                            + "and status = 'created' limit $2) queued")
                    .execute(Tuple.of(plan.accountId(), plan.maxQueuedTasks() + 1))
                    .map(rows -> {
                        long tookNanos = System.nanoTime() - startedAt;
                        Count fresh = new Count(startedAt, Math.max(MIN_FRESH_NANOS, COUNT_SHARE_DIVISOR * tookNanos),
                                new AtomicInteger(rows.iterator().next().getInteger(0)));
                        counts.put(plan.accountId(), fresh);
                        return fresh;
                    });
        });
    }
}
