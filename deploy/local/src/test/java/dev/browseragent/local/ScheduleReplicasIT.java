package dev.browseragent.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged api-service processes against one database, both looking for due scheduled runs every second: each
 * due run must start exactly one task. The second replica joins the shared stack's API for this class only.
 */
class ScheduleReplicasIT {

    private static final int SCHEDULES = 60;
    private static final int ROUNDS = 3;
    private static final List<String> REPLICAS = List.of("api", "api-schedules-2");
    private static final Pattern STARTED_RUN = Pattern.compile("Scheduled task (\\S+) started its run as task");

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static ServiceProcess secondReplica;
    /** May run nothing: the runs' tasks stay queued and never reach the shared worker. */
    private static V1Client.Account account;

    @BeforeAll
    static void startTheSecondReplica() {
        secondReplica = stack.startApiReplica(REPLICAS.get(1));
        account = stack.client().createAccount(Map.of("name", "schedule-replicas", "max_running_tasks", 0));
    }

    @AfterAll
    static void stopTheSecondReplica() {
        if (secondReplica != null) {
            secondReplica.stop(LocalStack.STOP_GRACE);
        }
    }

    @Test
    void eachDueRunStartsExactlyOneTaskWithTwoReplicas() throws Exception {
        Set<String> scheduleIds = new HashSet<>();
        for (int i = 0; i < SCHEDULES; i++) {
            V1Client.Response created = account.client().request("POST", "/scheduled-task", "{\"task\": \"replica schedule "
                    + i + "\", \"schedule_type\": \"interval\", \"interval_minutes\": 60, \"is_active\": false}");
            assertEquals(200, created.status(), created.body());
            scheduleIds.add(created.json().get("id").asText());
        }

        for (int round = 1; round <= ROUNDS; round++) {
            // Every schedule due at once, so both replicas find them in the same second.
            stack.database().update("update scheduled_tasks set is_active = true, next_run_at = now() - interval '1 second'"
                    + " where account_id = ?::uuid", account.id());
            await("every due schedule started its run").atMost(Duration.ofSeconds(60))
                    .until(() -> stack.database().count("select count(*) from scheduled_tasks where account_id = ?::uuid"
                            + " and next_run_at <= now()", account.id()) == 0);
            List<List<String>> tasksPerSchedule = stack.database().rows("select task, count(*) from tasks"
                    + " where account_id = ?::uuid group by task", account.id());
            assertEquals(SCHEDULES, tasksPerSchedule.size(), tasksPerSchedule.toString());
            for (List<String> schedule : tasksPerSchedule) {
                assertEquals(String.valueOf(round), schedule.get(1), "tasks of " + schedule.get(0) + " after " + round + " due runs");
            }
        }
        List<Long> runs = runsPerReplica(scheduleIds);
        System.out.println("Due runs started per replica: " + runs);
        assertEquals(SCHEDULES * ROUNDS, runs.get(0) + runs.get(1));
        assertTrue(runs.get(0) > 0 && runs.get(1) > 0, "both replicas took part: " + runs);
    }

    /** How many of these schedules' runs each replica started, from the line it logs per run. */
    private static List<Long> runsPerReplica(Set<String> scheduleIds) throws Exception {
        List<Long> runs = new ArrayList<>();
        for (String replica : REPLICAS) {
            try (Stream<String> lines = Files.lines(stack.stateDirectory().resolve("logs").resolve(replica + ".log"))) {
                runs.add(lines.map(STARTED_RUN::matcher).filter(Matcher::find)
                        .filter(run -> scheduleIds.contains(run.group(1))).count());
            }
        }
        return runs;
    }
}
