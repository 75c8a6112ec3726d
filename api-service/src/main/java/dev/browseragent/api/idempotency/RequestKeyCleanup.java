package dev.browseragent.api.idempotency;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes the request keys older than the retention window; the tasks they created stay. */
@ApplicationScoped
public class RequestKeyCleanup {

    private static final Logger LOG = Logger.getLogger(RequestKeyCleanup.class);

    private final Pool pool;
    private final double retentionSeconds;

    public RequestKeyCleanup(Pool pool, IdempotencyConfig config) {
        this.pool = pool;
        this.retentionSeconds = config.retention().toMillis() / 1000.0;
    }

    @Scheduled(every = "${browser-agent.idempotency.cleanup-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deleteExpired() {
        return pool.preparedQuery("delete from task_request_keys where created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(retentionSeconds))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.debugf("Deleted %d expired request keys", rows.rowCount());
                    }
                })
                .replaceWithVoid();
    }
}
