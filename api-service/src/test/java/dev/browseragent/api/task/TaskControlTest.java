package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.secret.SecretStorage;
import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.model.Topics;
import dev.browseragent.model.secret.SealedColumn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.browseragent.api.support.Database.single;
import static dev.browseragent.api.support.Database.update;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** List, stop, pause, resume and the task object, each scoped to the caller's account. */
@QuarkusTest
class TaskControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SecretStorage secrets;

    /** Tasks stay queued (no running slot), so only these tests change their status. */
    private static TestAccount queuedAccount() {
        return TestAccounts.create(Map.of("max_running_tasks", 0));
    }

    private static String runTask(TestAccount account, String task) {
        return account.request().contentType(ContentType.JSON).body(Map.of("task", task))
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
    }

    @Test
    void listIsNewestFirstAndPaged() {
        TestAccount account = queuedAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(runTask(account, "task " + i));
        }
        account.request().when().get("/api/v1/tasks?page=1&limit=2")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("tasks.id", contains(ids.get(2), ids.get(1)))
                .body("total_count", equalTo(3)).body("total_pages", equalTo(2))
                .body("page", equalTo(1)).body("limit", equalTo(2))
                .body("tasks[0].keySet()", equalTo(Set.of("id", "task", "output", "status", "created_at",
                        "finished_at", "live_url")))
                .body("tasks[0].task", equalTo("task 3")).body("tasks[0].status", equalTo("created"))
                .body("tasks[0].created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"));
        account.request().when().get("/api/v1/tasks?page=2&limit=2")
                .then().statusCode(200).body("tasks.id", contains(ids.get(0))).body("page", equalTo(2));
        account.request().when().get("/api/v1/tasks?page=3&limit=2")
                .then().statusCode(200).body("tasks", empty()).body("total_count", equalTo(3));
        account.request().when().get("/api/v1/tasks")
                .then().statusCode(200).body("tasks", hasSize(3)).body("page", equalTo(1)).body("limit", equalTo(10))
                .body("total_pages", equalTo(1));
        account.request().when().get("/api/v1/tasks?limit=100").then().statusCode(200).body("limit", equalTo(100));
    }

    @Test
    void listCanBeOfOneStatus() {
        TestAccount account = queuedAccount();
        String waiting = runTask(account, "waiting");
        String stopped = runTask(account, "stopped");
        account.request().when().put("/api/v1/stop-task?task_id=" + stopped).then().statusCode(200);

        account.request().when().get("/api/v1/tasks?status=stopped")
                .then().statusCode(200).body("tasks.id", contains(stopped)).body("total_count", equalTo(1))
                .body("total_pages", equalTo(1));
        account.request().when().get("/api/v1/tasks?status=created&limit=1")
                .then().statusCode(200).body("tasks.id", contains(waiting)).body("total_count", equalTo(1));
        account.request().when().get("/api/v1/tasks?status=finished")
                .then().statusCode(200).body("tasks", empty()).body("total_count", equalTo(0));
        account.request().when().get("/api/v1/tasks?status=Stopped")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "status")))
                .body("detail[0].type", equalTo("type_error.enum"));
    }

    @Test
    void listQueryRulesAre422InTheQuery() {
        TestAccount account = queuedAccount();
        Object[][] cases = {
                {"page=0", "page", "ensure this value is greater than or equal to 1", "value_error.number.not_ge"},
                {"limit=0", "limit", "ensure this value is greater than or equal to 1", "value_error.number.not_ge"},
                {"limit=101", "limit", "ensure this value is less than or equal to 100", "value_error.number.not_le"},
                {"limit=ten", "limit", "value is not a valid integer", "type_error.integer"},
                {"page=1.5", "page", "value is not a valid integer", "type_error.integer"},
                {"page=99999999999999999999", "page", "ensure this value is less than or equal to 2147483647",
                        "value_error.number.not_le"},
        };
        for (Object[] c : cases) {
            account.request().when().get("/api/v1/tasks?" + c[0])
                    .then().statusCode(422).contentType(ContentType.JSON)
                    .body("detail", hasSize(1))
                    .body("detail[0].loc", equalTo(List.of("query", c[1])))
                    .body("detail[0].msg", equalTo(c[2]))
                    .body("detail[0].type", equalTo(c[3]));
        }
        account.request().when().get("/api/v1/tasks?page=0&limit=0")
                .then().statusCode(422).body("detail.loc", contains(List.of("query", "page"), List.of("query", "limit")));
    }

    @Test
    void stopPauseAndResumeFollowTheStateRules() {
        TestAccount account = queuedAccount();
        String id = runTask(account, "control me");

        account.request().when().put("/api/v1/pause-task?task_id=" + id)
                .then().statusCode(409).contentType(ContentType.JSON)
                .body("detail", equalTo("Task is created; only a running task can be paused"));
        account.request().when().put("/api/v1/resume-task/" + id)
                .then().statusCode(409).body("detail", equalTo("Task is created; only a paused task can be resumed"));

        // As a worker's claim would.
        update("update tasks set status = 'running', worker_id = 'stand-in', attempt = 1,"
                + " lease_expires_at = now() + interval '1 minute' where id = ?", UUID.fromString(id));
        account.request().when().put("/api/v1/pause-task/" + id)
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
        assertEquals("paused", status(id));
        account.request().when().put("/api/v1/pause-task?task_id=" + id)
                .then().statusCode(409).body("detail", equalTo("Task is paused; only a running task can be paused"));
        account.request().when().put("/api/v1/resume-task?task_id=" + id)
                .then().statusCode(200).body(equalTo("{}"));
        assertEquals("running", status(id));

        account.request().when().put("/api/v1/stop-task?task_id=" + id).then().statusCode(200).body(equalTo("{}"));
        assertEquals("stopped", status(id));
        String finishedAt = single("select finished_at::text from tasks where id = ?", UUID.fromString(id));
        account.request().when().put("/api/v1/stop-task/" + id).then().statusCode(200).body(equalTo("{}"));
        assertEquals(finishedAt, single("select finished_at::text from tasks where id = ?", UUID.fromString(id)));
        account.request().when().put("/api/v1/resume-task/" + id)
                .then().statusCode(409).body("detail", equalTo("Task is stopped; only a paused task can be resumed"));
        account.request().when().get("/api/v1/task/" + id)
                .then().statusCode(200).body("status", equalTo("stopped")).body("finished_at", not(nullValue()));

        // Every change the API made was announced, in order (the running status came from the stand-in worker).
        List<String> events = KafkaRecords.await(Topics.TASK_EVENTS, id, 4, Duration.ofSeconds(30)).stream()
                .map(TaskControlTest::statusOf).toList();
        assertEquals(List.of("created", "paused", "running", "stopped"), events);
    }

    @Test
    void takeAndReleaseControlFollowTheStateRulesAndAreAnnounced() {
        TestAccount account = queuedAccount();
        String id = runTask(account, "let me drive");

        account.request().when().put("/api/v1/take-control-task?task_id=" + id)
                .then().statusCode(409).contentType(ContentType.JSON).body("detail", equalTo("Task is created; only a"
                        + " running task, or a paused one whose browser is still open, can be taken over"));

        // As a worker's claim would.
        update("update tasks set status = 'running', worker_id = 'stand-in', attempt = 1,"
                + " lease_expires_at = now() + interval '1 minute' where id = ?", UUID.fromString(id));
        account.request().when().put("/api/v1/release-control-task?task_id=" + id)
                .then().statusCode(409).body("detail",
                        equalTo("Task is running; only a task a person has taken control of can be handed back"));
        account.request().when().put("/api/v1/take-control-task?task_id=" + id)
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
        assertEquals("paused", status(id));
        account.request().when().put("/api/v1/take-control-task?task_id=" + id).then().statusCode(200);
        TestAccounts.create(Map.of()).request().when().put("/api/v1/release-control-task?task_id=" + id)
                .then().statusCode(404).body("detail", equalTo("Task not found"));
        account.request().when().put("/api/v1/release-control-task?task_id=" + id)
                .then().statusCode(200).body(equalTo("{}"));
        assertEquals("running", status(id));
        assertEquals("0", single("select count(*) from tasks where id = ? and control_taken_at is not null",
                UUID.fromString(id)));

        List<String> events = KafkaRecords.await(Topics.TASK_EVENTS, id, 4, Duration.ofSeconds(30)).stream()
                .map(record -> statusOf(record) + controlOf(record)).toList();
        assertEquals(List.of("created", "paused taken", "paused taken", "running released"), events);
    }

    @Test
    void resumingAPausedTaskWhoseWorkerGaveItUpQueuesItForANewAttempt() {
        TestAccount account = queuedAccount();
        String id = runTask(account, "paused without a worker");
        // As the reaper leaves a paused task whose worker died: still paused, without a worker.
        update("update tasks set status = 'paused', attempt = 1, dispatched_at = now() where id = ?",
                UUID.fromString(id));

        account.request().when().put("/api/v1/resume-task/" + id).then().statusCode(200).body(equalTo("{}"));

        assertEquals("created", status(id));
        List<String> events = KafkaRecords.await(Topics.TASK_EVENTS, id, 2, Duration.ofSeconds(30)).stream()
                .map(TaskControlTest::statusOf).toList();
        assertEquals(List.of("created", "created"), events);
    }

    @Test
    void stopOnAFinishedTaskChangesNothing() {
        TestAccount account = queuedAccount();
        String id = runTask(account, "done already");
        update("update tasks set status = 'finished', output = 'ok', finished_at = now() where id = ?", UUID.fromString(id));
        account.request().when().put("/api/v1/stop-task/" + id).then().statusCode(200).body(equalTo("{}"));
        assertEquals("finished", status(id));
    }

    @Test
    void controlNeedsAKnownTaskId() {
        TestAccount account = queuedAccount();
        for (String path : List.of("/api/v1/take-control-task", "/api/v1/release-control-task")) {
            account.request().when().put(path)
                    .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "task_id")));
            account.request().when().put(path + "?task_id=not-a-uuid")
                    .then().statusCode(404).body("detail", equalTo("Task not found"));
        }
        for (String path : List.of("/api/v1/stop-task", "/api/v1/pause-task", "/api/v1/resume-task")) {
            account.request().when().put(path)
                    .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "task_id")))
                    .body("detail[0].msg", equalTo("field required"));
            account.request().when().put(path + "?task_id=" + UUID.randomUUID())
                    .then().statusCode(404).body("detail", equalTo("Task not found"));
            account.request().when().put(path + "/not-a-uuid")
                    .then().statusCode(404).body("detail", equalTo("Task not found"));
        }
    }

    @Test
    void theTaskObjectShowsTheCurrentAttemptAndWhatTheWorkerStored() {
        TestAccount account = queuedAccount();
        String id = account.request().contentType(ContentType.JSON)
                .body("{\"task\": \"t\", \"enable_public_share\": true, \"metadata\": {\"team\": \"growth\"}}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        UUID task = UUID.fromString(id);
        byte[] cookies = secrets.seal(SealedColumn.TASK_BROWSER_DATA.row(task),
                "{\"cookies\": [{\"name\": \"sid\", \"value\": \"1\"}]}");
        update("update tasks set status = 'failed', attempt = 2, failure_reason = 'The site did not load', "
                + "sealed_browser_data = ?, finished_at = now() where id = ?", cookies, task);
        for (int attempt = 1; attempt <= 2; attempt++) {
            for (int step = 1; step <= attempt; step++) {
                update("insert into task_steps (task_id, attempt, step, id, next_goal, url) values (?, ?, ?, ?, ?, ?)",
                        task, attempt, step, UUID.randomUUID(), "goal " + attempt + "." + step, "https://example.com/" + step);
            }
        }
        update("insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key) "
                + "values (?, ?, ?, 'result.csv', 'text/csv', 3, 'k')", UUID.randomUUID(), UUID.fromString(account.id()), task);
        String token = single("select public_share_token from tasks where id = ?", task);

        account.request().when().get("/api/v1/task/" + id)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo("failed"))
                .body("steps.next_goal", contains("goal 2.1", "goal 2.2"))
                .body("steps.step", contains(1, 2))
                .body("steps[0].keySet()", equalTo(Set.of("id", "step", "evaluation_previous_goal", "next_goal", "url")))
                .body("browser_data.cookies[0].name", equalTo("sid"))
                .body("output_files", contains("result.csv"))
                .body("user_uploaded_files", nullValue())
                .body("public_share_url", equalTo("http://127.0.0.1:8080/share/" + token))
                .body("metadata.team", equalTo("growth"))
                .body("failure_reason", equalTo("The site did not load"))
                .body("live_url", nullValue())
                .body("finished_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"));
    }

    @Test
    void noEndpointRevealsOrChangesAnotherAccountsTasks() {
        TestAccount owner = queuedAccount();
        TestAccount other = queuedAccount();
        String id = runTask(owner, "private");
        update("update tasks set status = 'running' where id = ?", UUID.fromString(id));

        other.request().when().get("/api/v1/task/" + id).then().statusCode(404).body("detail", equalTo("Task not found"));
        other.request().when().get("/api/v1/task/" + id + "/status").then().statusCode(404).body("detail", equalTo("Task not found"));
        for (String control : List.of("stop-task", "pause-task", "resume-task")) {
            other.request().when().put("/api/v1/" + control + "?task_id=" + id).then().statusCode(404)
                    .body("detail", equalTo("Task not found"));
            other.request().when().put("/api/v1/" + control + "/" + id).then().statusCode(404);
        }
        other.request().when().get("/api/v1/tasks").then().statusCode(200).body("tasks", empty()).body("total_count", equalTo(0));
        assertEquals("running", status(id));
        owner.request().when().get("/api/v1/tasks").then().statusCode(200).body("tasks.id", contains(id));
    }

    private static String statusOf(String event) {
        return read(event).get("status").asText();
    }

    /** " taken" or " released" for the status events of a takeover, or nothing. */
    private static String controlOf(String event) {
        JsonNode read = read(event);
        return read.has("control") ? " " + read.get("control").asText() : "";
    }

    private static JsonNode read(String event) {
        try {
            return JSON.readTree(event);
        } catch (Exception e) {
            throw new AssertionError("Not a task event: " + event, e);
        }
    }

    private static String status(String id) {
        return single("select status from tasks where id = ?", UUID.fromString(id));
    }
}
