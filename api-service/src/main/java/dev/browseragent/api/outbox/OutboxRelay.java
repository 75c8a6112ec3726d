package dev.browseragent.api.outbox;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.database.SerialPasses;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes what the broker acknowledged.
 * <p>
 * One relay pass runs at a time across all api-service replicas, so records keep the order their rows were written
 * in: a pass first takes the {@code outbox_relay_lease} row for a bounded time (a short statement, no lock or
 * transaction held while it sends), reads a batch, sends it, deletes what was acknowledged, and gives the lease
 * back. A replica that dies mid-pass holds the lease only until it expires.
 * <p>
 * While Kafka is unreachable the rows simply wait: an acknowledged task is never lost, and the API keeps taking
 * tasks. A row the broker refuses for itself (too large, invalid topic...) counts an attempt; after
 * {@code browser-agent.outbox.max-attempts} it is parked ({@code parked_at}, with {@code last_error}) and no longer
 * holds back the rows after it.
 * <p>
 * Passes run on a schedule and, to dispatch new tasks without waiting for it, whenever {@link #publishSoon()} is
 * called; a request that arrives during a pass, or a full batch, makes another pass follow it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Longer than a pass can take (the producer gives up on a send after its delivery timeout). */
    private static final long LEASE_MILLIS = 60_000;

    private final Pool pool;
    private final MutinyEmitter<String> kafka;
    private final int batchSize;
    private final int maxAttempts;
    private final String holder = UUID.randomUUID().toString();
    private final SerialPasses passes;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile boolean kafkaReachable = true;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> kafka, ApiConfig config,
                       MeterRegistry metrics) {
        this.pool = pool;
        this.kafka = kafka;
        this.batchSize = config.outbox().batchSize();
        this.maxAttempts = config.outbox().maxAttempts();
        this.passes = new SerialPasses(this::pass);
        Gauge.builder("browser_agent.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows waiting to be published").register(metrics);
        Gauge.builder("browser_agent.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows parked after the broker refused them repeatedly").register(metrics);
    }

    /** Asks for a pass now, e.g. right after a task was committed; returns at once. */
    public void publishSoon() {
        passes.request().subscribe().with(ignored -> { }, failure -> LOG.warn("Outbox relay pass failed", failure));
    }

    /** Skipped until the application has started: the Kafka channel is wired only then. */
    @Scheduled(every = "${browser-agent.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> publishDue() {
        return passes.request().chain(this::countBacklog);
    }

    /**
     * One pass: true when it published a full batch, so more rows are probably waiting. While Kafka is away a pass
     * tries only the oldest row ({@link #publishBatch}), so it holds the relay lease for one failed send, not minutes.
     */
    private Uni<Boolean> pass() {
        return takeLease()
                .chain(mine -> mine ? publishBatch(batchSize).call(this::releaseLease) : Uni.createFrom().item(0))
                .map(published -> published == batchSize);
    }

    /** True when this replica now holds the relay lease. */
    private Uni<Boolean> takeLease() {
        return pool.preparedQuery("""
                        update outbox_relay_lease set holder = $1, expires_at = now() + $2 * interval '1 millisecond'
                        where id = 1 and (expires_at < now() or holder = $1)""")
                .execute(Tuple.of(holder, LEASE_MILLIS))
                .map(result -> result.rowCount() == 1);
    }

    private Uni<Void> releaseLease() {
        return pool.preparedQuery("update outbox_relay_lease set expires_at = now() where id = 1 and holder = $1")
                .execute(Tuple.of(holder))
                .replaceWithVoid();
    }

    /**
     * Publishes the oldest rows that are not parked, at most {@code limit}; returns how many it published. The oldest
     * goes first and alone, the rest once the broker has acknowledged it: a broker that went away since the last pass
     * then costs one failed send, not one per row (a send can block for {@code max.block.ms} while the producer has no
     * metadata for the topic, one after the other), and the failure is recorded at once.
     */
    private Uni<Integer> publishBatch(int limit) {
        return pool.preparedQuery("select id, topic, message_key, payload::text as payload from outbox"
                        + " where parked_at is null order by id limit $1")
                .execute(Tuple.of(limit))
                .chain(rows -> {
                    List<Row> due = new ArrayList<>();
                    rows.forEach(due::add);
                    if (due.size() <= 1) {
                        return publishAll(due);
                    }
                    return publishAll(due.subList(0, 1)).chain(first -> first == 0 ? Uni.createFrom().item(0)
                            : publishAll(due.subList(1, due.size())).map(rest -> first + rest));
                })
                .onFailure().call(this::releaseLease);
    }

    /**
     * Hands the rows to the producer at once (it keeps their order) and deletes the rows up to the first
     * failure. A row after a failed one stays even if it was sent, so nothing overtakes a retried message: a
     * consumer may see a record twice (at-least-once), never an older one after a newer one for good.
     */
    private Uni<Integer> publishAll(List<Row> rows) {
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
                recorded = recordFailure(rows.get(published), failures.get(published).get());
            } else {
                markReachable();
            }
            int count = published;
            return recorded.chain(() -> delete(publishedIds)).replaceWith(count);
        });
    }

    private Uni<Void> send(Row row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .build();
        return kafka.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
    }

    private Uni<Void> delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("delete from outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .replaceWithVoid();
    }

    /**
     * A broker that is away (a retriable failure) is no fault of the row: it waits, whatever the count. A refusal
     * of the row itself counts an attempt, and the last one parks it.
     */
    private Uni<Void> recordFailure(Row row, Throwable failure) {
        long id = row.getLong("id");
        String error = String.valueOf(failure.getMessage());
        if (isRetriable(failure)) {
            markUnreachable(failure);
            return pool.preparedQuery("update outbox set last_error = $2 where id = $1")
                    .execute(Tuple.of(id, error)).replaceWithVoid();
        }
        return pool.preparedQuery("""
                        update outbox set attempts = attempts + 1, last_error = $2,
                            parked_at = case when attempts + 1 >= $3 then now() end
                        where id = $1 returning parked_at is not null as parked""")
                .execute(Tuple.of(id, error, maxAttempts))
                .invoke(result -> {
                    if (result.iterator().hasNext() && result.iterator().next().getBoolean("parked")) {
                        LOG.errorf("Outbox row %d (topic %s, key %s) was refused %d times and is parked: %s", id,
                                row.getString("topic"), row.getString("message_key"), maxAttempts, error);
                    }
                })
                .replaceWithVoid();
    }

    private static boolean isRetriable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> countBacklog() {
        return pool.query("select count(*) filter (where parked_at is null) as due,"
                        + " count(*) filter (where parked_at is not null) as parked from outbox")
                .execute()
                .invoke(rows -> {
                    Row counts = rows.iterator().next();
                    backlog.set(counts.getLong("due"));
                    parked.set(counts.getLong("parked"));
                })
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
