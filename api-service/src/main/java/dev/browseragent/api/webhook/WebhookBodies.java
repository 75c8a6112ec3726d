package dev.browseragent.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.model.TaskStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The v1 webhook bodies, in the canonical JSON that is both sent and signed. */
final class WebhookBodies {

    static final String STATUS_UPDATE = "agent.task.status_update";
    static final String TEST = "test";

    /** ISO-8601 with an explicit offset ({@code +00:00}), as v1 wrote it. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private WebhookBodies() {
    }

    /**
     * @param metadata the task's metadata object, or null
     */
    static String statusUpdate(UUID taskId, String status, Instant at, JsonNode metadata) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        // Each task runs in a browser session of its own, so the task id names the session too.
        payload.put("session_id", taskId.toString());
        payload.put("task_id", taskId.toString());
        payload.put("status", status);
        payload.set("metadata", metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata);
        return envelope(STATUS_UPDATE, at, payload);
    }

    static String test(Instant at) {
        return envelope(TEST, at, JsonNodeFactory.instance.objectNode().put("test", "ok"));
    }

    /** The v1 name of a status in webhooks: created is {@code initializing}, running is {@code started}. */
    static String statusName(TaskStatus status) {
        return switch (status) {
            case CREATED -> "initializing";
            case RUNNING -> "started";
            default -> status.wireName();
        };
    }

    private static String envelope(String type, Instant at, ObjectNode payload) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type);
        body.put("timestamp", TIMESTAMP.format(at.atOffset(ZoneOffset.UTC)));
        body.set("payload", payload);
        return CanonicalJson.write(body);
    }
}
