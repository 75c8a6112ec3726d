package dev.browseragent.api.account;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.KafkaRecords;
import dev.browseragent.model.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static dev.browseragent.api.support.Database.column;
import static dev.browseragent.api.support.Database.single;
import static dev.browseragent.api.support.Database.update;
import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API, keys, plans (402, 429, running slots) and credits, against the real database. */
@QuarkusTest
class AccountPlansTest {

    private static String runTask(TestAccount account) {
        return account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
    }

    @Test
    void theAdminApiNeedsTheAdminToken() {
        given().when().get("/admin/accounts").then().statusCode(401).contentType(ContentType.JSON)
                .body("detail", equalTo("Invalid or missing admin token"));
        withKey("wrong").when().get("/admin/accounts").then().statusCode(401);
        withKey(TestAccounts.BOOTSTRAP_KEY).when().get("/admin/accounts")
                .then().statusCode(401);
    }

    @Test
    void accountsAndKeysAreManagedThroughTheAdminApi() {
        String id = TestAccounts.admin().contentType(ContentType.JSON).body(Map.of("name", "acme"))
                .when().post("/admin/accounts")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("name", equalTo("acme")).body("active", equalTo(true))
                .body("max_running_tasks", equalTo(5)).body("max_queued_tasks", equalTo(1000))
                .body("requests_per_minute", equalTo(600)).body("credit_balance_cents", nullValue())
                .extract().path("id");
        TestAccounts.admin().when().get("/admin/accounts/" + id).then().statusCode(200).body("id", equalTo(id));
        TestAccounts.admin().when().get("/admin/accounts").then().statusCode(200).body("accounts.id", hasItem(id));
        TestAccounts.admin().contentType(ContentType.JSON)
                .body("{\"max_running_tasks\": 2, \"requests_per_minute\": 100, \"credit_balance_cents\": 250.5}")
                .when().patch("/admin/accounts/" + id)
                .then().statusCode(200).body("name", equalTo("acme")).body("max_running_tasks", equalTo(2))
                .body("requests_per_minute", equalTo(100)).body("credit_balance_cents", equalTo(250.5f));
        TestAccounts.admin().contentType(ContentType.JSON).body("{\"max_running_tasks\": -1, \"name\": 5}")
                .when().patch("/admin/accounts/" + id)
                .then().statusCode(422).body("detail.loc", org.hamcrest.Matchers.contains(List.of("body", "name"),
                        List.of("body", "max_running_tasks")));
        TestAccounts.admin().when().get("/admin/accounts/" + UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("Account not found"));

        Map<String, Object> key = TestAccounts.admin().contentType(ContentType.JSON).body(Map.of("label", "ci"))
                .when().post("/admin/accounts/" + id + "/api-keys")
                .then().statusCode(200).body("key", matchesPattern("bu_[A-Za-z0-9_-]{32}")).body("label", equalTo("ci"))
                .extract().as(Map.class);
        TestAccount account = new TestAccount(id, (String) key.get("key"));
        account.request().when().get("/api/v1/me").then().statusCode(200).contentType(ContentType.JSON).body(equalTo("true"));
        given().header("X-Browser-Use-API-Key", account.key()).when().get("/api/v1/me").then().statusCode(200);
        TestAccounts.admin().when().get("/admin/accounts/" + id + "/api-keys")
                .then().statusCode(200).body("api_keys.id", hasItem(key.get("id"))).body("toString()",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(account.key())));
        assertEquals(List.of(), column("select key_hash from api_keys where key_hash = ?", account.key()),
                "only the hash of a key is stored");

        TestAccounts.admin().when().delete("/admin/accounts/" + id + "/api-keys/" + key.get("id"))
                .then().statusCode(200).body(equalTo("{}"));
        account.request().when().get("/api/v1/me").then().statusCode(401).contentType(ContentType.JSON).body(equalTo("false"));
        account.request().when().get("/api/v1/tasks").then().statusCode(401).body("detail", equalTo("Invalid or missing API key"));
        TestAccounts.admin().when().delete("/admin/accounts/" + id + "/api-keys/" + key.get("id"))
                .then().statusCode(404).body("detail", equalTo("API key not found"));
    }

    @Test
    void anInactiveAccountCannotStartTasksButCanReadThem() {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 0));
        String id = runTask(account);
        TestAccounts.admin().contentType(ContentType.JSON).body("{\"active\": false}")
                .when().patch("/admin/accounts/" + account.id()).then().statusCode(200).body("active", equalTo(false));
        account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task")
                .then().statusCode(402).contentType(ContentType.JSON).body("detail", equalTo("An active subscription is required"));
        account.request().when().get("/api/v1/task/" + id).then().statusCode(200);
        account.request().when().put("/api/v1/stop-task/" + id).then().statusCode(200);
    }

    @Test
    void creditsAreChargedPerTaskAndPerStepByModel() {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 0, "credit_balance_cents", 2));
        account.request().when().get("/api/v1/balance").then().statusCode(200).contentType(ContentType.JSON)
                .body("balance", equalTo("2"));
        String id = runTask(account);
        account.request().when().get("/api/v1/balance").then().body("balance", equalTo("1"));
        // A step with the default model (gpt-4.1) costs 2.5 cents, charged when the worker records it.
        update("insert into task_steps (task_id, step, id) values (?, 1, ?)", UUID.fromString(id), UUID.randomUUID());
        account.request().when().get("/api/v1/balance").then().body("balance", equalTo("-1.5"));
        assertEquals("3.50", single("select cost_cents::text from tasks where id = ?", UUID.fromString(id)));
        account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task")
                .then().statusCode(402).body("detail", equalTo("Insufficient credits"));

        TestAccounts.admin().contentType(ContentType.JSON).body("{\"add_cents\": 10}")
                .when().post("/admin/accounts/" + account.id() + "/credits")
                .then().statusCode(200).body("credit_balance_cents", equalTo(8.5f));
        String cheaper = account.request().contentType(ContentType.JSON)
                .body(Map.of("task", "t", "llm_model", "gpt-4.1-mini"))
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        update("insert into task_steps (task_id, step, id) values (?, 1, ?)", UUID.fromString(cheaper), UUID.randomUUID());
        account.request().when().get("/api/v1/balance").then().body("balance", equalTo("6.75"));

        TestAccounts.admin().contentType(ContentType.JSON).body("{\"credit_balance_cents\": null}")
                .when().patch("/admin/accounts/" + account.id()).then().statusCode(200).body("credit_balance_cents", nullValue());
        account.request().when().get("/api/v1/balance").then().body("balance", equalTo("unlimited"));
        runTask(account);
    }

    @Test
    void aFullQueueIs429WithRetryAfter() {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 0, "max_queued_tasks", 2));
        runTask(account);
        runTask(account);
        account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task")
                .then().statusCode(429).contentType(ContentType.JSON).header("Retry-After", "5")
                .body("detail", equalTo("Too many queued tasks: the plan allows 2 tasks waiting to run"));
        assertEquals("2", single("select count(*) from tasks where account_id = ?", UUID.fromString(account.id())));
    }

    @Test
    void aQueueThatEmptiedTakesTasksAgainWithinSeconds() throws InterruptedException {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 0, "max_queued_tasks", 2));
        runTask(account);
        runTask(account);
        account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                .when().post("/api/v1/run-task").then().statusCode(429);

        // The queued tasks end (as the worker would end them): the queue's count is read again soon.
        update("update tasks set status = 'stopped', finished_at = now() where account_id = ?", UUID.fromString(account.id()));
        int status = await("a run-task within 5 s of the queue emptying").atMost(Duration.ofSeconds(5))
                .until(() -> account.request().contentType(ContentType.JSON).body(Map.of("task", "t"))
                        .when().post("/api/v1/run-task").then().extract().statusCode(), answer -> answer != 429);
        assertEquals(200, status, "a run-task within 5 s of the queue emptying is accepted");
    }

    @Test
    void theRequestRateIsLimitedPerAccount() {
        TestAccount limited = TestAccounts.create(Map.of("requests_per_minute", 3));
        TestAccount other = TestAccounts.create(Map.of("requests_per_minute", 3));
        for (int i = 0; i < 3; i++) {
            limited.request().when().get("/api/v1/me").then().statusCode(200);
        }
        String retryAfter = limited.request().when().get("/api/v1/tasks")
                .then().statusCode(429).contentType(ContentType.JSON)
                .body("detail", equalTo("Too many requests: the plan allows 3 requests a minute"))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 20, retryAfter);
        other.request().when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void admissionDispatchesOnlyIntoFreeSlotsInCreationOrder() throws Exception {
        TestAccount account = TestAccounts.create(Map.of("max_running_tasks", 2));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(runTask(account));
        }
        awaitTrue(() -> dispatched(account).size() == 2, "two tasks dispatched");
        assertEquals(ids.subList(0, 2), dispatched(account));
        KafkaRecords.await(Topics.TASKS, ids.get(0), Duration.ofSeconds(30));

        // The worker claims the first (still a slot) and finishes the second (a slot frees: the third goes).
        update("update tasks set status = 'running' where id = ?", UUID.fromString(ids.get(0)));
        update("update tasks set status = 'finished', finished_at = now() where id = ?", UUID.fromString(ids.get(1)));
        awaitTrue(() -> dispatched(account).contains(ids.get(2)), "the third task dispatched");
        assertEquals(List.of(ids.get(2)), dispatched(account).stream().filter(id -> !ids.subList(0, 2).contains(id)).toList(),
                "only one slot was free");
        KafkaRecords.await(Topics.TASKS, ids.get(2), Duration.ofSeconds(30));

        account.request().when().put("/api/v1/stop-task/" + ids.get(0)).then().statusCode(200);
        awaitTrue(() -> dispatched(account).contains(ids.get(3)), "the fourth task dispatched after a stop");
        assertTrue(!dispatched(account).contains(ids.get(4)), "the fifth waits for a slot");
    }

    /** Tasks of the account with a dispatch, in creation order. */
    private static List<String> dispatched(TestAccount account) {
        return column("select id from tasks where account_id = ? and dispatched_at is not null order by created_at, id",
                UUID.fromString(account.id()));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }
}
