package dev.browseragent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.TaskSubmissionResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The records the services write follow the schemas common-model publishes, and the schemas refuse what they should. */
class PublishedSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String SUBMISSION = "schemas/task-submission.v1.json";

    @Test
    void statusStepAndControlEventsFollowTheTaskEventSchemaAndReadBack() throws Exception {
        UUID task = UUID.randomUUID();
        for (TaskEvent event : List.of(TaskEvent.status(task, TaskStatus.CREATED, null),
                TaskEvent.step(task, TaskStatus.RUNNING, 3, UUID.randomUUID()),
                TaskEvent.status(task, TaskStatus.FAILED, "the agent gave up"),
                TaskEvent.status(task, TaskStatus.PAUSED, null).withControl(TaskEvent.CONTROL_TAKEN))) {
            String json = JSON.writeValueAsString(event);
            PublishedSchemas.assertValid(TaskEvent.SCHEMA, json);
            assertEquals(1, JSON.readTree(json).get("schema_version").asInt());
            assertEquals(event, JSON.readValue(json, TaskEvent.class));
        }
    }

    @Test
    void theTaskEventSchemaRefusesAStepWithoutNumberAndAnUnknownStatus() {
        String task = UUID.randomUUID().toString();
        assertFalse(PublishedSchemas.problems(TaskEvent.SCHEMA, """
                {"schema_version": 1, "task_id": "%s", "type": "step", "status": "running",
                 "timestamp": "2026-11-29T17:00:00Z"}""".formatted(task)).isEmpty());
        assertFalse(PublishedSchemas.problems(TaskEvent.SCHEMA, """
                {"schema_version": 1, "task_id": "%s", "type": "status", "status": "exploded",
                 "timestamp": "2026-11-29T17:00:00Z"}""".formatted(task)).isEmpty());
    }

    @Test
    void acceptedAndRefusedResultsFollowTheResultSchema() throws Exception {
        PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA,
                JSON.writeValueAsString(TaskSubmissionResult.accepted("order-1", UUID.randomUUID())));
        PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA,
                JSON.writeValueAsString(TaskSubmissionResult.refused("order-2", 401, "Invalid or missing API key")));
        PublishedSchemas.assertValid(TaskSubmissionResult.SCHEMA, JSON.writeValueAsString(TaskSubmissionResult.refused(
                "order-3", 422, List.of(Map.of("loc", List.of("body", "task"), "msg", "field required",
                        "type", "value_error.missing")))));
        assertFalse(PublishedSchemas.problems(TaskSubmissionResult.SCHEMA, """
                {"schema_version": 1, "request_id": "r", "task_id": "%s", "status_code": 422, "detail": "both"}"""
                .formatted(UUID.randomUUID())).isEmpty());
    }

    @Test
    void theSubmissionSchemaTakesARunTaskBodyAndRefusesOneWithoutTask() {
        PublishedSchemas.assertValid(SUBMISSION, """
                {"task": "Find the cheapest flight", "max_agent_steps": 12, "metadata": {"order": "42"}}""");
        assertFalse(PublishedSchemas.problems(SUBMISSION, "{\"max_agent_steps\": 12}").isEmpty());
    }
}
