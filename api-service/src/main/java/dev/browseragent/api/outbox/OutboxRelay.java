package dev.browseragent.api.outbox;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.system.SerialPasses;
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
import java.util.Optional;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes what the broker acknowledged. One relay pass runs at a
 * time across all api-service replicas (a transaction-scoped advisory lock), so records keep the order their rows
 * were written in. While Kafka is unreachable the rows simply wait: an acknowledged task is never lost.
 * <p>
 * Passes run on a schedule and, to dispatch new tasks without waiting for it, whenever {@link #publishSoon()} is
 * called; a request that arrives during a pass, or a full batch, makes another pass follow it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The advisory-lock key that elects the one relay pass allowed at a time ("outbox" in ASCII). */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private final Pool pool;
    private final MutinyEmitter<String> kafka;
    private final int batchSize;
    private final SerialPasses passes;
    private volatile boolean kafkaReachable = true;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> kafka, ApiConfig config) {
        this.pool = pool;
        this.kafka = kafka;
        this.batchSize = config.outbox().batchSize();
        // A full batch means more rows are probably waiting: another pass follows at once.
        this.passes = new SerialPasses(() -> pool.withTransaction(this::publishBatch).map(published -> published == batchSize));
    }

    /** Asks for a pass now, e.g. right after a task was committed; returns at once. */
    public void publishSoon() {
        passes.request().subscribe().with(ignored -> { }, failure -> LOG.warn("Outbox relay pass failed", failure));
    }

    /** Skipped until the application has started: the Kafka channel is wired only then. */
    @Scheduled(every = "${browser-agent.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> publishDue() {
        return passes.request();
    }

    /** Publishes the oldest rows if this pass holds the relay lock; returns how many it published. */
    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.query("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ") as mine").execute()
                .chain(lock -> {
                    if (!lock.iterator().next().getBoolean("mine")) {
                        return Uni.createFrom().item(0);
                    }
                    return connection.preparedQuery("select id, topic, message_key, payload::text as payload "
                                    + "from outbox order by id limit $1")
                            .execute(Tuple.of(batchSize))
                            .chain(rows -> {
                                List<Row> due = new ArrayList<>();
                                rows.forEach(due::add);
                                return publishAll(connection, due);
                            });
                });
    }

    /**
     * Hands the whole batch to the producer at once (it keeps their order) and deletes the rows up to the first
     * failure. A row after a failed one stays even if it was sent, so nothing overtakes a retried message: a
     * consumer may see a record twice (at-least-once), never an older one after a newer one for good.
     */
    private Uni<Integer> publishAll(SqlConnection connection, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Optional<Throwable>>> outcomes = rows.stream()
                .map(row -> send(row).onItemOrFailure().transform((ignored, failure) -> Optional.ofNullable(failure)))
                .toList();
        return Uni.join().all(outcomes).andFailFast().chain(failures -> {
            int published = 0;
            while (published < rows.size() && failures.get(published).isEmpty()) {
                published++;
            }
            List<Long> publishedIds = rows.subList(0, published).stream().map(row -> row.getLong("id")).toList();
            Uni<Void> recorded = Uni.createFrom().voidItem();
            if (published < rows.size()) {
                Throwable failure = failures.get(published).get();
                markUnreachable(failure);
                recorded = recordFailure(connection, rows.get(published).getLong("id"), failure);
            } else {
                markReachable();
            }
            int count = published;
            return recorded.chain(() -> delete(connection, publishedIds)).replaceWith(count);
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

    private void markReachable() {
        if (!kafkaReachable) {
            kafkaReachable = true;
            LOG.info("Kafka is accepting messages again; relaying the outbox");
        }
    }
}
