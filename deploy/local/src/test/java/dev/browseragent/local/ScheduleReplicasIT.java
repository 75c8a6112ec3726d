package dev.browseragent.local;

import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.KafkaServer;
import dev.browseragent.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two packaged api-service processes against one database, both looking for due scheduled runs every second: each
 * due run must start exactly one task.
 */
class ScheduleReplicasIT {

    private static final String KEY = "bu_schedule_replicas_key";
    private static final int SCHEDULES = 60;
    private static final int ROUNDS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path state;

    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static final List<ApiServiceProcess> replicas = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        postgres = PostgresServer.start(state.resolve("postgres"), FreePorts.find());
        kafka = KafkaServer.builder().logDirectory(state.resolve("kafka")).port(FreePorts.find()).start();
        // One after the other: the first applies the migrations.
        for (String name : List.of("api-1", "api-2")) {
            replicas.add(ApiServiceProcess.start(name, state, postgres, kafka, KEY, Map.of(
                    "BROWSER_AGENT_SCHEDULES_POLL_INTERVAL", "1s",
                    "BROWSER_AGENT_URL_SIGNING_KEY", "replicas-share-this-key")));
        }
    }

    @AfterAll
    static void stop() {
        replicas.forEach(ApiServiceProcess::stop);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void eachDueRunStartsExactlyOneTaskWithTwoReplicas() throws Exception {
        String apiUrl = replicas.get(0).apiUrl();
        for (int i = 0; i < SCHEDULES; i++) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl + "/scheduled-task"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"replica schedule " + i + "\","
                            + " \"schedule_type\": \"interval\", \"interval_minutes\": 60, \"is_active\": false}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode(), created.body());
        }

        for (int round = 1; round <= ROUNDS; round++) {
            // Every schedule due at once, so both replicas find them in the same second.
            execute("update scheduled_tasks set is_active = true, next_run_at = now() - interval '1 second'");
            awaitNoDueSchedule();
            Map<String, Integer> tasksPerSchedule = tasksPerSchedule();
            assertEquals(SCHEDULES, tasksPerSchedule.size(), tasksPerSchedule.toString());
            for (Map.Entry<String, Integer> schedule : tasksPerSchedule.entrySet()) {
                assertEquals(round, schedule.getValue(), "tasks of " + schedule.getKey() + " after " + round + " due runs");
            }
        }
        List<Long> runs = runsPerReplica();
        System.out.println("Due runs started per replica: " + runs);
        assertEquals(SCHEDULES * ROUNDS, runs.get(0) + runs.get(1));
        assertTrue(runs.get(0) > 0 && runs.get(1) > 0, "both replicas took part: " + runs);
    }

    private static void awaitNoDueSchedule() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (count("select count(*) from scheduled_tasks where next_run_at <= now()") == 0) {
                return;
            }
            Thread.sleep(100);
        }
        fail("Due schedules were not started within 60 s");
    }

    private static Map<String, Integer> tasksPerSchedule() throws Exception {
        Map<String, Integer> tasks = new HashMap<>();
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("select task, count(*) from tasks group by task");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tasks.put(rows.getString(1), rows.getInt(2));
            }
        }
        return tasks;
    }

    /** How many runs each replica started, from the line it logs per run. */
    private static List<Long> runsPerReplica() throws Exception {
        List<Long> runs = new ArrayList<>();
        for (String name : List.of("api-1", "api-2")) {
            try (var lines = Files.lines(ApiServiceProcess.logFile(state, name))) {
                runs.add(lines.filter(line -> line.contains("started its run as task")).count());
            }
        }
        return runs;
    }

    private static int count(String sql) throws Exception {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
