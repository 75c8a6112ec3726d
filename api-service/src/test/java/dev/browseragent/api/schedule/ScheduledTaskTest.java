package dev.browseragent.api.schedule;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled tasks: CRUD, the run-task and schedule rules, and the runs the scheduler starts (poll every second). */
@QuarkusTest
class ScheduledTaskTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anIntervalScheduleRunsAtOnceAndOncePerDueRun() throws Exception {
        String key = TestAccounts.create().key();
        String text = "Check the prices " + UUID.randomUUID();
        String id = create(key, "{\"task\": \"" + text + "\", \"max_agent_steps\": 7, \"schedule_type\": \"interval\","
                + " \"interval_minutes\": 60}")
                .statusCode(200).contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("id");

        await(() -> tasksWithText(text) == 1);
        String taskId = withKey(key).when().get("/api/v1/scheduled-task/" + id)
                .then().statusCode(200)
                .body("task", equalTo(text))
                .body("max_agent_steps", equalTo(7))
                .body("schedule_type", equalTo("interval"))
                .body("interval_minutes", equalTo(60))
                .body("cron_expression", nullValue())
                .body("is_active", equalTo(true))
                .body("last_error", nullValue())
                .extract().path("last_task_id");
        withKey(key).when().get("/api/v1/task/" + taskId)
                .then().statusCode(200).body("task", equalTo(text)).body("status", equalTo("created"));
        Instant next = nextRunAt(id);
        Instant created = createdAt(id);
        assertEquals(created.plusSeconds(3600).toEpochMilli() / 1000, next.toEpochMilli() / 1000, "the next run is an interval on");

        makeDue(id);
        await(() -> tasksWithText(text) == 2);
        await(() -> nextRunAt(id) != null && nextRunAt(id).isAfter(Instant.now()));
        assertEquals(2, tasksWithText(text));
    }

    @Test
    void anInactiveOrEndedScheduleDoesNotRun() throws Exception {
        String key = TestAccounts.create().key();
        String paused = "Paused schedule " + UUID.randomUUID();
        String ended = "Ended schedule " + UUID.randomUUID();
        String control = "Control schedule " + UUID.randomUUID();
        String pausedId = create(key, "{\"task\": \"" + paused + "\", \"schedule_type\": \"cron\", \"cron_expression\": \"0 3 * * *\"}")
                .statusCode(200).extract().path("id");
        withKey(key).contentType(ContentType.JSON).body("{\"is_active\": false}")
                .when().put("/api/v1/scheduled-task/" + pausedId)
                .then().statusCode(200).body("is_active", equalTo(false)).body("next_run_at", nullValue())
                .body("cron_expression", equalTo("0 3 * * *")).body("task", equalTo(paused));
        String endedId = create(key, "{\"task\": \"" + ended + "\", \"schedule_type\": \"interval\", \"interval_minutes\": 60,"
                + " \"start_at\": \"" + Instant.now().minusSeconds(600) + "\", \"end_at\": \"" + Instant.now().plusSeconds(600) + "\"}")
                .statusCode(200).extract().path("id");
        assertNull(nextRunAt(endedId), "the next run would be after end_at");
        String controlId = create(key, "{\"task\": \"" + control + "\", \"schedule_type\": \"cron\", \"cron_expression\": \"0 3 * * *\"}")
                .statusCode(200).extract().path("id");

        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement due = connection.prepareStatement("""
                     update scheduled_tasks set next_run_at = case when id = ? then now() - interval '1 second'
                         else now() - interval '2 seconds' end,
                         end_at = case when id = ? then now() - interval '3 seconds' else end_at end
                     where id in (?, ?, ?)""")) {
            due.setObject(1, UUID.fromString(controlId));
            due.setObject(2, UUID.fromString(endedId));
            due.setObject(3, UUID.fromString(pausedId));
            due.setObject(4, UUID.fromString(endedId));
            due.setObject(5, UUID.fromString(controlId));
            due.executeUpdate();
        }
        // The scheduler takes due runs oldest first in one pass: once the control ran, the others were passed over.
        await(() -> tasksWithText(control) == 1);
        assertEquals(0, tasksWithText(paused));
        assertEquals(0, tasksWithText(ended));

        withKey(key).contentType(ContentType.JSON).body("{\"is_active\": true}")
                .when().put("/api/v1/scheduled-task/" + pausedId)
                .then().statusCode(200).body("is_active", equalTo(true))
                .body("next_run_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT03:00:00Z"));
    }

    @Test
    void aRunThatCannotStartIsSkippedWithItsReason() throws Exception {
        String key = TestAccounts.create().key();
        String text = "Use a missing profile " + UUID.randomUUID();
        String id = create(key, "{\"task\": \"" + text + "\", \"browser_profile_id\": \"" + UUID.randomUUID() + "\","
                + " \"schedule_type\": \"interval\", \"interval_minutes\": 5}")
                .statusCode(200).extract().path("id");
        await(() -> lastError(id) != null);
        assertEquals("Browser profile not found", lastError(id));
        assertTrue(nextRunAt(id).isAfter(Instant.now()), "the schedule carries on");
        assertEquals(0, tasksWithText(text));
    }

    @Test
    void theRunTaskAndScheduleRulesHoldOnBothSidesOfEachBound() throws Exception {
        String key = TestAccounts.create().key();
        String interval = ", \"schedule_type\": \"interval\", \"interval_minutes\": ";
        create(key, "{\"task\": \"t\"" + interval + "1, \"is_active\": false}").statusCode(200);
        create(key, "{\"task\": \"t\"" + interval + "525600, \"is_active\": false}").statusCode(200);
        problem(key, "{\"task\": \"t\"" + interval + "0}", "interval_minutes",
                "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        problem(key, "{\"task\": \"t\"" + interval + "525601}", "interval_minutes",
                "ensure this value is less than or equal to 525600", "value_error.number.not_le");
        problem(key, "{\"task\": \"t\"" + interval + "1.5}", "interval_minutes", "value is not a valid integer", "type_error.integer");
        problem(key, "{\"task\": \"t\", \"schedule_type\": \"interval\"}", "interval_minutes", "field required", "value_error.missing");
        problem(key, "{\"task\": \"t\"}", "schedule_type", "field required", "value_error.missing");
        problem(key, "{\"task\": \"t\", \"schedule_type\": \"weekly\"}", "schedule_type",
                "value is not a valid enumeration member; permitted: 'interval', 'cron'", "type_error.enum");
        problem(key, "{\"task\": \"t\", \"schedule_type\": \"cron\"}", "cron_expression", "field required", "value_error.missing");
        create(key, "{\"task\": \"t\", \"schedule_type\": \"cron\", \"cron_expression\": \"*/5 * * * 1-5\", \"is_active\": false}")
                .statusCode(200);
        create(key, "{\"task\": \"t\", \"schedule_type\": \"cron\", \"cron_expression\": \"61 * * * *\"}")
                .statusCode(422).body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", "cron_expression")))
                .body("detail[0].type", equalTo("value_error.cron"));
        problem(key, "{\"task\": \"t\"" + interval + "5, \"start_at\": \"tomorrow\"}", "start_at",
                "invalid datetime format (ISO-8601 with an offset, e.g. 2026-11-28T18:20:00Z)", "value_error.datetime");
        problem(key, "{\"task\": \"t\"" + interval + "5, \"start_at\": \"2026-12-01T00:00:00Z\", \"end_at\": \"2026-12-01T00:00:00Z\"}",
                "end_at", "end_at must be after start_at", "value_error.end_at");
        problem(key, "{\"task\": \"t\"" + interval + "5, \"is_active\": \"yes\"}", "is_active",
                "value could not be parsed to a boolean", "type_error.bool");

        problem(key, "{\"schedule_type\": \"interval\", \"interval_minutes\": 5}", "task", "field required", "value_error.missing");
        problem(key, "{\"task\": 123" + interval + "5}", "task", "str type expected", "type_error.str");
        problem(key, "{\"task\": \"t\", \"max_agent_steps\": 201" + interval + "5}", "max_agent_steps",
                "ensure this value is less than or equal to 200", "value_error.number.not_le");
        problem(key, "{\"task\": \"t\", \"secrets\": {\"pw\": \"x\"}" + interval + "5}", "secrets",
                "secrets are not supported on scheduled tasks", "value_error.not_supported");

        String id = create(key, "{\"task\": \"t\"" + interval + "5, \"is_active\": false}").extract().path("id");
        withKey(key).contentType(ContentType.JSON)
                .body("{\"schedule_type\": \"cron\"}")
                .when().put("/api/v1/scheduled-task/" + id)
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body", "cron_expression")));
        withKey(key).contentType(ContentType.JSON)
                .body("{\"schedule_type\": \"cron\", \"cron_expression\": \"0 6 * * *\", \"task\": \"changed\"}")
                .when().put("/api/v1/scheduled-task/" + id)
                .then().statusCode(200)
                .body("schedule_type", equalTo("cron")).body("interval_minutes", nullValue())
                .body("task", equalTo("changed")).body("is_active", equalTo(false));
    }

    @Test
    void schedulesArePagedAndScopedToTheirAccount() throws Exception {
        String owner = TestAccounts.create().key();
        String other = TestAccounts.create().key();
        String body = "{\"task\": \"t\", \"schedule_type\": \"cron\", \"cron_expression\": \"0 3 * * *\", \"is_active\": false}";
        String first = create(owner, body.replace("\"t\"", "\"first\"")).extract().path("id");
        create(owner, body.replace("\"t\"", "\"second\"")).statusCode(200);

        withKey(owner).when().get("/api/v1/scheduled-tasks?limit=1")
                .then().statusCode(200)
                .body("scheduled_tasks.task", equalTo(List.of("second")))
                .body("total_pages", equalTo(2)).body("page", equalTo(1)).body("limit", equalTo(1)).body("total_count", equalTo(2));
        withKey(owner).when().get("/api/v1/scheduled-tasks?page=0")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "page")));
        withKey(other).when().get("/api/v1/scheduled-tasks")
                .then().statusCode(200).body("scheduled_tasks", hasSize(0)).body("total_count", equalTo(0));

        for (String method : List.of("GET", "PUT", "DELETE")) {
            withKey(other).contentType(ContentType.JSON).body("{\"task\": \"theirs\"}")
                    .when().request(method, "/api/v1/scheduled-task/" + first)
                    .then().statusCode(404).contentType(ContentType.JSON).body("detail", equalTo("Scheduled task not found"));
        }
        withKey(owner).when().get("/api/v1/scheduled-task/" + first)
                .then().statusCode(200).body("task", equalTo("first"));
        withKey(owner).when().get("/api/v1/scheduled-task/nope")
                .then().statusCode(404).body("detail", equalTo("Scheduled task not found"));
        withKey(owner).when().delete("/api/v1/scheduled-task/" + first)
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
        withKey(owner).when().get("/api/v1/scheduled-task/" + first)
                .then().statusCode(404).body("detail", equalTo("Scheduled task not found"));
    }

    private static ValidatableResponse create(String key, String body) {
        return withKey(key).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/scheduled-task").then();
    }

    private static void problem(String key, String body, String field, String msg, String type) {
        create(key, body).statusCode(422).contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", field)))
                .body("detail[0].msg", equalTo(msg))
                .body("detail[0].type", equalTo(type));
    }

    private static void makeDue(String id) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement due = connection.prepareStatement(
                     "update scheduled_tasks set next_run_at = now() - interval '1 second' where id = ?")) {
            due.setObject(1, UUID.fromString(id));
            due.executeUpdate();
        }
    }

    private static int tasksWithText(String text) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement count = connection.prepareStatement("select count(*) from tasks where task = ?")) {
            count.setString(1, text);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Instant nextRunAt(String id) throws Exception {
        return instant("next_run_at", id);
    }

    private static Instant createdAt(String id) throws Exception {
        return instant("created_at", id);
    }

    private static String lastError(String id) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("select last_error from scheduled_tasks where id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static Instant instant(String column, String id) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("select " + column + " from scheduled_tasks where id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                java.sql.Timestamp time = row.getTimestamp(1);
                return time == null ? null : time.toInstant();
            }
        }
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(RUN_TIMEOUT).until(condition);
    }
}
