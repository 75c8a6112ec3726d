package dev.browseragent.api.admission;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.database.LifecycleStatements;
import dev.browseragent.api.outbox.OutboxRelay;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dispatches {@code created} tasks to the {@code tasks} topic ({@link TaskLifecycle#DISPATCH}: an outbox row, and
 * {@code dispatched_at} set) in creation order per account, while the account has a free running slot. A pass runs right after each run-task for that account (so a
 * task with a free slot is dispatched within milliseconds) and on a schedule for every account (slots free up
 * when tasks end). One pass at a time across all replicas, under a transaction-scoped advisory lock.
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);

    /** The advisory-lock key that elects the one admission pass allowed at a time ("admit" in ASCII). */
    private static final long ADMISSION_LOCK = 0x61646d6974L;

    private final Pool pool;
    private final TaskLifecycle lifecycle;
    private final OutboxRelay outboxRelay;
    private final int batchSize;
    private final AtomicBoolean passRunning = new AtomicBoolean();
    private final Set<UUID> requested = ConcurrentHashMap.newKeySet();
    /**
     * Accounts whose last own pass found no free slot: their slots free up only when tasks end, which the
     * scheduled pass notices, so passes for them after each run-task would only cost the database.
     */
    private final Set<UUID> full = ConcurrentHashMap.newKeySet();
    private volatile boolean allRequested;

    public Admission(Pool pool, TaskLifecycle lifecycle, OutboxRelay outboxRelay, ApiConfig config) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.outboxRelay = outboxRelay;
        this.batchSize = config.admission().batchSize();
    }

    /** Asks for a pass over this account now, e.g. right after one of its tasks was created; returns at once. */
    public void admitSoon(UUID accountId) {
        if (full.contains(accountId)) {
            return;
        }
        requested.add(accountId);
        startPass().subscribe().with(ignored -> { }, failure -> LOG.warn("Admission pass failed", failure));
    }

    @Scheduled(every = "${browser-agent.admission.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> admitAll() {
        allRequested = true;
        return startPass();
    }

    /** Requests that arrive during a pass are served by another pass right after it. */
    private Uni<Void> startPass() {
        if (!passRunning.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        UUID[] accounts = allRequested ? null : requested.toArray(new UUID[0]);
        if (accounts == null) {
            full.clear();
        }
        allRequested = false;
        requested.clear();
        return pool.withTransaction(connection -> dispatch(connection, accounts))
                .invoke(dispatched -> {
                    if (dispatched == 0 && accounts != null) {
                        full.addAll(List.of(accounts));
                    }
                    if (dispatched > 0) {
                        outboxRelay.publishSoon();
                    }
                    if (dispatched == batchSize) {
                        allRequested = true;
                    }
                })
                .replaceWithVoid()
                .eventually(() -> {
                    passRunning.set(false);
                    return allRequested || !requested.isEmpty() ? startPass() : Uni.createFrom().voidItem();
                });
    }

    /** Dispatches what has a free slot if this pass holds the admission lock; returns how many it dispatched. */
    private Uni<Integer> dispatch(SqlConnection connection, UUID[] accounts) {
        return connection.query("select pg_try_advisory_xact_lock(" + ADMISSION_LOCK + ") as mine").execute()
                .chain(lock -> lock.iterator().next().getBoolean("mine")
                        ? LifecycleStatements.execute(connection, lifecycle.dispatch(accounts, batchSize))
                                .map(rows -> rows.size())
                        : Uni.createFrom().item(0));
    }
}
