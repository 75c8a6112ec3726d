package dev.browseragent.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.task.TaskView;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A task's event stream: its event log ({@code task_event_log}, written with every status change and step by the
 * task lifecycle) read in order from the database every {@code poll-interval}, so that any API replica serves any
 * task, and a client that reconnects with the last id it saw gets the rest and nothing twice. The stream ends after
 * the task's final status.
 */
@ApplicationScoped
public class TaskEventStream {

    /** Rows read per query; a long backlog comes in several. */
    private static final int BATCH = 200;

    private final Pool pool;
    private final ObjectMapper json;
    private final ApiConfig.Stream config;

    public TaskEventStream(Pool pool, ObjectMapper json, ApiConfig config) {
        this.pool = pool;
        this.json = json;
        this.config = config.stream();
    }

    /** The events of the task after {@code afterId} (0: from the start); the caller has checked the task is theirs. */
    public Multi<OutboundSseEvent> events(UUID taskId, long afterId, Sse sse) {
        Cursor cursor = new Cursor(taskId, afterId);
        // The opening comment sends the response's headers at once, before the first event.
        Multi<OutboundSseEvent> opening = Multi.createFrom().item(sse.newEventBuilder().comment("task " + taskId)
                .reconnectDelay(config.pollInterval().toMillis()).build());
        Multi<OutboundSseEvent> events = Multi.createBy().repeating().uni(() -> next(cursor, sse))
                .withDelay(config.pollInterval())
                .whilst(batch -> !cursor.ended)
                .onItem().transformToIterable(batch -> batch);
        return Multi.createBy().concatenating().streams(opening, events);
    }

    /** Where a stream is: its task, the last event id sent, and whether the task's final status was sent. */
    private static final class Cursor {
        final UUID taskId;
        long lastId;
        boolean ended;
        /** Polls in a row that found nothing: a comment now and then keeps proxies from closing an idle stream. */
        int idlePolls;

        Cursor(UUID taskId, long lastId) {
            this.taskId = taskId;
            this.lastId = lastId;
        }
    }

    /**
     * The task's next events, read with its status in one statement (one snapshot): when there is no new event and the
     * status is final, everything was sent (the final status's own event commits with the status).
     */
    private Uni<List<OutboundSseEvent>> next(Cursor cursor, Sse sse) {
        return pool.preparedQuery("""
                        select t.status as current_status, t.output, l.id, l.payload::text as payload,
                               s.id as step_id, s.step, s.evaluation_previous_goal, s.next_goal, s.url
                        from tasks t
                        left join lateral (select e.id, e.payload from task_event_log e
                                           where e.task_id = t.id and e.id > $2 order by e.id limit $3) l on true
                        left join task_steps s on s.id = (l.payload->>'step_id')::uuid
                        where t.id = $1
                        order by l.id""")
                .execute(Tuple.of(cursor.taskId, cursor.lastId, BATCH))
                .map(rows -> {
                    List<OutboundSseEvent> events = new ArrayList<>();
                    boolean finalStatus = true;
                    for (Row row : rows) {
                        finalStatus = TaskStatus.fromWireName(row.getString("current_status")).isTerminal();
                        if (row.getLong("id") != null) {
                            events.add(event(row, cursor, sse));
                        }
                    }
                    if (!events.isEmpty()) {
                        cursor.idlePolls = 0;
                        return events;
                    }
                    // A task that ended before event logs were kept, or is gone, has no final event to wait for.
                    cursor.ended = finalStatus;
                    if (++cursor.idlePolls * config.pollInterval().toMillis() >= config.keepAlive().toMillis()) {
                        cursor.idlePolls = 0;
                        return List.of(sse.newEventBuilder().comment("keep-alive").build());
                    }
                    return List.of();
                });
    }

    private OutboundSseEvent event(Row row, Cursor cursor, Sse sse) {
        long id = row.getLong("id");
        cursor.lastId = id;
        JsonNode logged = read(row.getString("payload"));
        TaskStatus status = TaskStatus.fromWireName(logged.path("status").asText());
        OutboundSseEvent.Builder event = sse.newEventBuilder().id(Long.toString(id));
        if (TaskEvent.STEP.equals(logged.path("type").asText())) {
            UUID stepId = row.getUUID("step_id");
            Object step = stepId == null ? json.createObjectNode().put("step", logged.path("step").asInt())
                    : new TaskView.StepView(stepId, row.getInteger("step"), row.getString("evaluation_previous_goal"),
                            row.getString("next_goal"), row.getString("url"));
            return event.name("step").data(write(step)).build();
        }
        ObjectNode data = json.createObjectNode().put("status", status.wireName());
        data.put("timestamp", logged.path("timestamp").asText());
        if (logged.hasNonNull("reason")) {
            data.put("reason", logged.get("reason").asText());
        }
        if (logged.hasNonNull("control")) {
            data.put("control", logged.get("control").asText());
        }
        if (status.isTerminal()) {
            cursor.ended = true;
            data.put("output", row.getString("output"));
        }
        return event.name(logged.hasNonNull("control") ? "control" : "status").data(write(data)).build();
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The task lifecycle writes JSON events", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stream events are always serialisable", e);
        }
    }
}
