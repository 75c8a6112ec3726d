package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chaos: the Kafka broker and PostgreSQL each restarted twice, on the same port and data, while 20 tasks run and
 * more arrive (the API takes every task while Kafka is down, and refuses them while PostgreSQL is). Every acknowledged
 * task must end finished, each attempt's run alone: never two runs of a task acting
 * at once (seen by the model, and in the steps each attempt recorded: {@link OverlappingRuns}), and one {@code done}
 * in the attempt that finished. After each restart the whole path must work again (the API takes a task, the outbox
 * relay publishes, the worker claims) before the next one, so a service that does not reconnect fails here rather
 * than at the end.
 * <p>
 * The class restarts the infrastructure, so it has a stack of its own; short leases let the second database outage
 * outlast them, so the worker loses its claims and the reaper hands the tasks to a new attempt.
 */
class InfrastructureRestartIT {

    private static final int TASKS = 20;
    private static final String PAGE_TEXT = "The chaos page";
    private static final OverlappingRuns RUNS = new OverlappingRuns(Pattern.compile("Chaos task \\d+"), Duration.ofMillis(250));

    @RegisterExtension
    static final StackExtension stack = StackExtension.own(config -> config
            .environment("BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "4")
            .environment("BROWSER_AGENT_WORKER_LEASE_DURATION", "5s")
            .environment("BROWSER_AGENT_WORKER_HEARTBEAT_INTERVAL", "1s")
            .environment("BROWSER_AGENT_WORKER_REAPER_INTERVAL", "1s")
            // Every lost claim costs an attempt: the tasks must not run out of them through four outages.
            .environment("BROWSER_AGENT_WORKER_MAX_ATTEMPTS", "10"));

    /** Two steps: open the page, then done. */
    @BeforeAll
    static void scriptTheModel() {
        stack.site().page("/chaos", "<html><head><title>Chaos</title></head><body><p>" + PAGE_TEXT + "</p></body></html>");
        stack.model().when(prompt -> prompt.contains("Chaos task") && prompt.contains(PAGE_TEXT),
                        RUNS.watch(prompt -> agentOutput("The page is open", "Done", "Finish",
                                action("done", "text", RUNS.taskName(prompt) + " done", "success", true))))
                .when(prompt -> prompt.contains("Chaos task"),
                        RUNS.watch(prompt -> agentOutput("Nothing done yet", "Open the page", "Open it",
                                action("navigate", "url", stack.site().url("/chaos")))));
    }

    @Test
    void everyAcknowledgedTaskFinishesOnceThroughTwoKafkaAndTwoPostgresRestarts() {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            acknowledged.add(stack.client().runTask(Map.of("task", "Chaos task " + (1000 + i), "max_agent_steps", 5)));
        }
        SteadySubmissions arriving = new SteadySubmissions(stack.client(), "Chaos task 2", Duration.ofSeconds(2));
        try {
            waitUntil("tasks run").until(() -> stack.database().count("select count(*) from tasks where status = 'running'") >= 2);
            restartKafka(arriving);
            restartPostgres(arriving, false);
            restartKafka(arriving);
            restartPostgres(arriving, true);
        } finally {
            arriving.close();
        }
        acknowledged.addAll(arriving.acknowledged());

        for (String id : acknowledged) {
            JsonNode task = stack.client().awaitEnd(id);
            assertEquals("finished", task.get("status").asText(), task.toString());
        }
        assertEquals(List.of(), List.copyOf(RUNS.tasksRunTwiceAtOnce()), "tasks whose model calls overlapped");
        assertEquals(List.of(), stack.database().column(OverlappingRuns.INTERLEAVED_ATTEMPTS_SQL),
                "tasks whose attempts recorded steps at the same time");
        assertEquals(List.of(), stack.database().column("select t.task from tasks t where (select count(*) from task_steps s"
                        + " where s.task_id = t.id and s.attempt = t.attempt and s.actions::text like '%\"done\"%') <> 1"),
                "tasks whose finishing attempt did not call done exactly once");
        System.out.printf("%d tasks acknowledged through two Kafka and two PostgreSQL restarts (%d refused while"
                        + " PostgreSQL was down), %d of them run by more than one attempt; all finished, none run twice"
                        + " at once%n", acknowledged.size(), arriving.refused(),
                stack.database().count("select count(*) from tasks where attempt > 1"));
    }

    /**
     * Down until the outbox relay has failed to publish and the API has acknowledged a task meanwhile, then up again
     * until the stack works again. The API refuses nothing while only Kafka is away: the outbox keeps the dispatches.
     */
    private static void restartKafka(SteadySubmissions arriving) {
        int acknowledgedBefore = arriving.acknowledged().size();
        int refusedBefore = arriving.refused();
        stack.services().kafka().stop();
        try {
            waitUntil("the outbox relay fails to publish and the API acknowledges a task").until(() ->
                    stack.database().count("select count(*) from outbox where last_error is not null"
                            + " and parked_at is null") > 0 && arriving.acknowledged().size() > acknowledgedBefore);
        } finally {
            stack.services().kafka().start();
        }
        assertEquals(refusedBefore, arriving.refused(), "tasks refused while only Kafka was down");
        awaitTheStackWorking("Kafka", arriving);
    }

    /**
     * Down until the API has refused a task (and, if asked, until the running tasks' leases have expired: the worker
     * loses its claims), then up again until the stack works again.
     */
    private static void restartPostgres(SteadySubmissions arriving, boolean outlastLeases) {
        long leasesExpire = System.nanoTime() + Duration.ofMillis(stack.database().count(
                "select coalesce(ceil(extract(epoch from max(lease_expires_at) - now()) * 1000), 0)::bigint from tasks"
                        + " where status = 'running'")).toNanos();
        int refusedBefore = arriving.refused();
        stack.services().stopPostgres();
        try {
            waitUntil("the API refuses a task").until(() -> arriving.refused() > refusedBefore
                    && (!outlastLeases || System.nanoTime() > leasesExpire));
        } finally {
            stack.services().startPostgres();
        }
        awaitTheStackWorking("PostgreSQL", arriving);
    }

    /**
     * The whole path works again: the API acknowledges a task, the outbox relay has published every row written
     * before the restart, and the worker has claimed a task since.
     */
    private static void awaitTheStackWorking(String restarted, SteadySubmissions arriving) {
        String since = stack.database().value("select now()::text");
        int acknowledgedBefore = arriving.acknowledged().size();
        waitUntil("the stack works again after " + restarted + "'s restart").until(() ->
                arriving.acknowledged().size() > acknowledgedBefore
                        && stack.database().count("select count(*) from outbox where parked_at is null"
                        + " and created_at < ?::timestamptz", since) == 0
                        && stack.database().count("select count(*) from tasks where started_at > ?::timestamptz", since) > 0);
    }

    private static ConditionFactory waitUntil(String what) {
        return await(what).atMost(V1Client.TASK_TIMEOUT).pollInterval(Duration.ofMillis(100));
    }
}
