package dev.browseragent.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns the status events of {@code task-events} (its own consumer group) into webhook deliveries for accounts that
 * have a webhook. It only writes rows, so no endpoint can slow it down; {@link WebhookDispatcher} sends them. Records
 * come in batches (whatever one poll returned), and one query per batch finds which of their tasks belong to an
 * account with a webhook: most tasks do not, and a query per event made this consumer lag behind a burst of
 * run-tasks. A record seen twice yields one delivery (the event key); while the database is unreachable it retries,
 * keeping each task's order.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);

    /** What a delivery needs of the task: its account and metadata. */
    private record WebhookTask(UUID accountId, JsonNode metadata) {
    }

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
    public Uni<Void> onEvents(List<String> records) {
        List<TaskEvent> events = statusEvents(records);
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return enqueue(events)
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .invoke(queued -> {
                    if (queued > 0) {
                        dispatcher.deliverSoon();
                    }
                })
                .replaceWithVoid();
    }

    private List<TaskEvent> statusEvents(List<String> records) {
        List<TaskEvent> events = new ArrayList<>();
        for (String record : records) {
            try {
                TaskEvent event = json.readValue(record, TaskEvent.class);
                if (TaskEvent.STATUS.equals(event.type()) && event.taskId() != null && event.status() != null) {
                    events.add(event);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                LOG.warnf("Skipping a task-events record that is not a task event: %s", e.getMessage());
            }
        }
        return events;
    }

    /** Writes a delivery for each event whose task's account has a webhook, in the events' order; returns how many. */
    private Uni<Integer> enqueue(List<TaskEvent> events) {
        UUID[] taskIds = events.stream().map(TaskEvent::taskId).distinct().toArray(UUID[]::new);
        return pool.preparedQuery("""
                        select t.id, t.account_id, t.metadata::text as metadata
                        from tasks t join accounts a on a.id = t.account_id
                        where t.id = any($1) and a.webhook_url is not null""")
                .execute(Tuple.of(taskIds))
                .chain(rows -> {
                    Map<UUID, WebhookTask> webhookTasks = new HashMap<>();
                    rows.forEach(row -> webhookTasks.put(row.getUUID("id"),
                            new WebhookTask(row.getUUID("account_id"), metadata(row))));
                    return Multi.createFrom().iterable(events)
                            .filter(event -> webhookTasks.containsKey(event.taskId()))
                            .onItem().transformToUniAndConcatenate(event -> enqueue(event, webhookTasks.get(event.taskId())))
                            .filter(Boolean::booleanValue)
                            .collect().with(Collectors.counting())
                            .map(Long::intValue);
                });
    }

    private Uni<Boolean> enqueue(TaskEvent event, WebhookTask task) {
        String status = WebhookBodies.statusName(event.status());
        String body = WebhookBodies.statusUpdate(event.taskId(), status, event.timestamp(), task.metadata());
        String eventKey = event.taskId() + ":" + event.status().wireName() + ":" + event.timestamp();
        return deliveries.enqueue(task.accountId(), event.taskId(), WebhookBodies.STATUS_UPDATE, status, eventKey, body);
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
