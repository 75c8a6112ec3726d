package dev.browseragent.api.system;

import dev.browseragent.api.config.ApiConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Deletes what is kept only for a while: request keys older than the idempotency retention (the tasks they created
 * stay), and webhook deliveries that were delivered or given up longer ago than the webhook retention.
 */
@ApplicationScoped
public class RetentionCleanup {

    private final Pool pool;
    private final Duration keyRetention;
    private final Duration deliveryRetention;

    public RetentionCleanup(Pool pool, ApiConfig config) {
        this.pool = pool;
        this.keyRetention = config.idempotency().retention();
        this.deliveryRetention = config.webhooks().retention();
    }

    @Scheduled(every = "${browser-agent.idempotency.cleanup-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deleteExpired() {
        return delete("delete from task_request_keys where created_at < now() - make_interval(secs => $1)", keyRetention)
                .chain(() -> delete("delete from webhook_deliveries where state <> 'pending' "
                        + "and created_at < now() - make_interval(secs => $1)", deliveryRetention));
    }

    private Uni<Void> delete(String sql, Duration retention) {
        return pool.preparedQuery(sql).execute(Tuple.of(retention.toMillis() / 1000.0)).replaceWithVoid();
    }
}
