package dev.browseragent.api.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.auth.ApiKeys;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.JsonProblems;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.idempotency.OnceOnlyTasks;
import dev.browseragent.api.outbox.Outbox;
import dev.browseragent.api.outbox.OutboxRelay;
import dev.browseragent.api.task.TaskSubmission;
import dev.browseragent.model.TaskSubmissionResult;
import dev.browseragent.model.SubmissionHeaders;
import dev.browseragent.model.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Takes run-task requests from the {@value Topics#TASK_SUBMISSIONS} topic with exactly the HTTP path's checks
 * ({@link TaskSubmission}), creates one task per request id, and answers each on
 * {@value Topics#TASK_SUBMISSION_RESULTS} through the outbox (at least once: a record is committed only after its
 * result is written). A record that cannot be read as a submission goes to {@value Topics#TASK_SUBMISSIONS_DEAD_LETTER}
 * (with an error result when it has a request id, and without its API key); nothing a producer writes stops the
 * partition.
 */
@ApplicationScoped
public class TaskSubmissionConsumer {

    static final int MAX_REQUEST_ID_LENGTH = 200;
    static final String CONFLICT = "This request id was already used with a different run-task body";
    private static final String UNAUTHORIZED = "Invalid or missing API key";
    private static final Logger LOG = Logger.getLogger(TaskSubmissionConsumer.class);

    private final TaskSubmission submission;
    private final OnceOnlyTasks onceOnly;
    private final Outbox outbox;
    private final OutboxRelay outboxRelay;
    private final Pool pool;
    private final ObjectMapper json;

    public TaskSubmissionConsumer(TaskSubmission submission, OnceOnlyTasks onceOnly, Outbox outbox,
                                  OutboxRelay outboxRelay, Pool pool, ObjectMapper json) {
        this.submission = submission;
        this.onceOnly = onceOnly;
        this.outbox = outbox;
        this.outboxRelay = outboxRelay;
        this.pool = pool;
        this.json = json;
    }

    /**
     * Failures of the database are retried with back-off; a record that still fails afterwards goes to the dead
     * letter topic with the reason, so one bad record cannot hold back the ones behind it.
     */
    @Incoming("task-submissions")
    public Uni<Void> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("task-submissions is a Kafka channel"));
        return handle(record.getKey(), takeApiKey(record), message.getPayload())
                .onFailure(TaskSubmissionConsumer::isInfrastructure)
                .retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).atMost(5)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    if (!(failure instanceof MalformedSubmission)) {
                        LOG.errorf(failure, "Task submission %s could not be handled; it goes to %s",
                                record.getKey(), Topics.TASK_SUBMISSIONS_DEAD_LETTER);
                    }
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> handle(String requestId, String apiKey, String value) {
        if (requestId == null || requestId.isBlank()) {
            return Uni.createFrom().failure(new MalformedSubmission("the record has no key: it must be the request id"));
        }
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            return refuseMalformed(requestId, 422, "The request id (the record key) has more than "
                    + MAX_REQUEST_ID_LENGTH + " characters");
        }
        if (apiKey == null) {
            return refuseMalformed(requestId, 401, UNAUTHORIZED);
        }
        JsonNode body;
        try {
            body = value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            return respond(TaskSubmissionResult.refused(requestId, 422, List.of(JsonProblems.invalidBody())))
                    .chain(() -> Uni.createFrom().failure(new MalformedSubmission("the value is not JSON")));
        }
        return account(apiKey).chain(accountId -> accountId == null
                ? respond(TaskSubmissionResult.refused(requestId, 401, UNAUTHORIZED))
                : submit(accountId, requestId, body));
    }

    private Uni<Void> submit(UUID accountId, String requestId, JsonNode body) {
        String bodyHash = OnceOnlyTasks.bodyHash(body);
        // The result is written after the task: a crash in between leaves the record uncommitted, and its
        // redelivery finds the request id and answers the same task.
        return onceOnly.create(accountId, OnceOnlyTasks.Source.KAFKA, requestId, bodyHash, CONFLICT,
                        key -> submission.submit(accountId, body, key))
                .chain(outcome -> respond(TaskSubmissionResult.accepted(requestId, outcome.taskId())))
                .onFailure(RequestValidationException.class).recoverWithUni(e -> respond(TaskSubmissionResult.refused(
                        requestId, 422, ((RequestValidationException) e).problems())))
                .onFailure(ApiException.class).recoverWithUni(e -> respond(TaskSubmissionResult.refused(
                        requestId, ((ApiException) e).status(), e.getMessage())));
    }

    /** Answers the request id, then sends the record to the dead letter topic. */
    private Uni<Void> refuseMalformed(String requestId, int status, String detail) {
        return respond(TaskSubmissionResult.refused(requestId, status, detail))
                .chain(() -> Uni.createFrom().failure(new MalformedSubmission(detail)));
    }

    private Uni<Void> respond(TaskSubmissionResult result) {
        return Panache.withTransaction(() -> outbox.enqueue(Topics.TASK_SUBMISSION_RESULTS, result.requestId(), result))
                .invoke(outboxRelay::publishSoon);
    }

    /** The account whose key this is, as the HTTP API's key check finds it; null for an unknown key. */
    private Uni<UUID> account(String apiKey) {
        return pool.preparedQuery("select k.account_id from api_keys k where k.key_hash = $1")
                .execute(Tuple.of(ApiKeys.hash(apiKey)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("account_id"));
    }

    /**
     * The record's API key, removed from its headers: the dead letter topic copies the headers of the records it
     * receives, and a credential must not be kept there (nor anywhere else the record goes after this).
     */
    private static String takeApiKey(IncomingKafkaRecordMetadata<String, String> record) {
        Header header = record.getHeaders().lastHeader(SubmissionHeaders.API_KEY);
        record.getHeaders().remove(SubmissionHeaders.API_KEY);
        if (header == null || header.value() == null) {
            return null;
        }
        String key = new String(header.value(), StandardCharsets.UTF_8).trim();
        return key.isEmpty() ? null : key;
    }

    private static boolean isInfrastructure(Throwable failure) {
        return !(failure instanceof MalformedSubmission);
    }

    /** A record that is no submission; its message is the dead letter's reason. */
    static final class MalformedSubmission extends RuntimeException {
        MalformedSubmission(String reason) {
            super(reason, null, false, false);
        }
    }
}
