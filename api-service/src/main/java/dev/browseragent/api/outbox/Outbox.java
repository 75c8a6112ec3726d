package dev.browseragent.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Adds messages to the outbox; call it inside the transaction whose change the message announces. */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> enqueue(String topic, String key, Object payload) {
        OutboxEntity message = new OutboxEntity();
        message.topic = topic;
        message.messageKey = key;
        message.payload = toJson(payload);
        message.createdAt = Instant.now();
        return message.persist().replaceWithVoid();
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox payload is not serialisable: " + payload.getClass(), e);
        }
    }
}
