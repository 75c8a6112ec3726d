package dev.browseragent.api.outbox;

import dev.browseragent.api.config.ApiConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes what the broker acknowledged. Rows are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so several api-service replicas share the work without publishing a row twice.
 * While Kafka is unreachable the rows simply wait: an acknowledged task is never lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> kafka;
    private final int batchSize;
    private volatile boolean kafkaReachable = true;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> kafka, ApiConfig config) {
        this.pool = pool;
        this.kafka = kafka;
        this.batchSize = config.outbox().batchSize();
    }

    @Scheduled(every = "${browser-agent.outbox.poll-interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishDue() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select id, topic, message_key, payload::text as payload from outbox "
                        + "order by id limit $1 for update skip locked")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Row> due = new ArrayList<>();
                    rows.forEach(due::add);
                    return publishInOrder(connection, due, 0, new ArrayList<>());
                }));
    }

    /** Publishes one row after the other and stops at the first failure, so per-key order is kept. */
    private Uni<Void> publishInOrder(SqlConnection connection, List<Row> rows, int next, List<Long> published) {
        if (next == rows.size()) {
            markReachable(rows.size());
            return delete(connection, published);
        }
        Row row = rows.get(next);
        return send(row).onItemOrFailure().transformToUni((ignored, failure) -> {
            if (failure == null) {
                published.add(row.getLong("id"));
                return publishInOrder(connection, rows, next + 1, published);
            }
            markUnreachable(failure);
            return recordFailure(connection, row.getLong("id"), failure).chain(() -> delete(connection, published));
        });
    }

    private Uni<Void> send(Row row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .build();
        return kafka.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
    }

    private Uni<Void> delete(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("delete from outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(SqlConnection connection, long id, Throwable failure) {
        return connection.preparedQuery("update outbox set attempts = attempts + 1, last_error = $2 where id = $1")
                .execute(Tuple.of(id, String.valueOf(failure.getMessage())))
                .replaceWithVoid();
    }

    private void markUnreachable(Throwable failure) {
        if (kafkaReachable) {
            kafkaReachable = false;
            LOG.warnf("Kafka is not accepting messages (%s); outbox messages wait until it is back", failure.getMessage());
        }
    }

    private void markReachable(int published) {
        if (!kafkaReachable && published > 0) {
            kafkaReachable = true;
            LOG.info("Kafka is accepting messages again; relaying the outbox");
        }
    }
}
