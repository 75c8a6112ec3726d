package dev.browseragent.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Turns the status events of {@code task-events} (its own consumer group) into webhook deliveries for accounts that
 * have a webhook. It only writes rows, so no endpoint can slow it down; {@link WebhookDispatcher} sends them. A
 * record seen twice yields one delivery (the event key); while the database is unreachable it retries, keeping
 * each task's order.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);

    private final Pool pool;
    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final ObjectMapper json;

    public WebhookEventConsumer(Pool pool, WebhookDeliveries deliveries, WebhookDispatcher dispatcher, ObjectMapper json) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @Incoming("webhook-task-events")
    public Uni<Void> onEvent(String record) {
        TaskEvent event;
        try {
            event = json.readValue(record, TaskEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Skipping a task-events record that is not a task event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!TaskEvent.STATUS.equals(event.type()) || event.taskId() == null || event.status() == null) {
            return Uni.createFrom().voidItem();
        }
        return enqueue(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .invoke(queued -> {
                    if (queued) {
                        dispatcher.deliverSoon();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Boolean> enqueue(TaskEvent event) {
        return pool.preparedQuery("""
                        select t.account_id, t.metadata::text as metadata
                        from tasks t join accounts a on a.id = t.account_id
                        where t.id = $1 and a.webhook_url is not null""")
                .execute(Tuple.of(event.taskId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = rows.iterator().next();
                    String status = WebhookBodies.statusName(event.status());
                    String body = WebhookBodies.statusUpdate(event.taskId(), status, event.timestamp(), metadata(row));
                    String eventKey = event.taskId() + ":" + event.status().wireName() + ":" + event.timestamp();
                    return deliveries.enqueue(row.getUUID("account_id"), event.taskId(), WebhookBodies.STATUS_UPDATE,
                            status, eventKey, body);
                });
    }

    private JsonNode metadata(Row row) {
        String metadata = row.getString("metadata");
        try {
            return metadata == null ? null : json.readTree(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tasks.metadata is JSON", e);
        }
    }
}
