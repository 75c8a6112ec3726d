package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.PostgresServer;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The worker tier with real worker processes (separate JVMs), real PostgreSQL, Kafka and Chromium: crashes,
 * graceful shutdown, outages, parked messages, busy workers, control latency and browser clean-up. Short leases and
 * heartbeats keep it quick; the model answers in milliseconds except where a test makes it slow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerTierIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONTROL_LATENCY = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern NUMBERED = Pattern.compile("(Crash|Graceful|Quick|Outage) task (\\d+)");

    @TempDir
    static Path stateDirectory;

    private static TestSite site;
    private static ScriptedModelServer model;
    private static LocalStack stack;
    private static Path profileRoot;
    private static ServiceProcess second;
    private static int secondPort;
    private static PostgresServer restartedPostgres;
    /** Crash tasks whose first model call was made: that call hangs until the worker making it is killed. */
    private static final Set<String> crashFirstCallMade = ConcurrentHashMap.newKeySet();
    private static final Set<String> crashReleased = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean holdSlots = new AtomicBoolean(true);

    @BeforeAll
    static void startStack() {
        site = TestSite.start();
        site.page("/page", "<html><head><title>Page</title></head><body><p>A page</p></body></html>");
        model = ScriptedModelServer.start();
        scriptTheModel();
        profileRoot = stateDirectory.resolve("browser-profiles");
        stack = new LocalStack(LocalStackConfig.builder(REPO_ROOT)
                .stateDirectory(stateDirectory)
                .freePorts()
                .environment("OPENAI_BASE_URL", model.baseUrl())
                .environment("OPENAI_API_KEY", "scripted")
                .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                .environment("BROWSER_AGENT_WORKER_LEASE_DURATION", "5s")
                .environment("BROWSER_AGENT_WORKER_HEARTBEAT_INTERVAL", "1s")
                .environment("BROWSER_AGENT_WORKER_REAPER_INTERVAL", "1s")
                .environment("BROWSER_AGENT_WORKER_MAX_ATTEMPTS", "5")
                .environment("BROWSER_AGENT_WORKER_SHUTDOWN_GRACE", "4s")
                .environment("BROWSER_AGENT_WORKER_REDISPATCH_UNCLAIMED_AFTER", "5m")
                .environment("BROWSER_AGENT_BROWSER_PROFILE_ROOT", profileRoot.toString())
                .build());
        stack.start();
        // These tests exercise the workers' slots, not the account's plan: no running limit below them.
        try (Connection connection = connect(); Statement update = connection.createStatement()) {
            update.executeUpdate("update accounts set max_running_tasks = 1000, max_queued_tasks = 100000");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lift the bootstrap account's limits", e);
        }
    }

    /** The second worker (five slots) joins in the first case, once the first worker is full. */
    private static void startSecondWorker() {
        secondPort = FreePorts.find();
        second = stack.startWorker("worker-2", secondPort, Map.of("BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "5",
                "BROWSER_AGENT_BROWSER_POOL_SIZE", "2"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (restartedPostgres != null) {
            restartedPostgres.close();
        }
        if (model != null) {
            model.close();
        }
        if (site != null) {
            site.close();
        }
    }

    private static void scriptTheModel() {
        Predicate<ModelPrompt> crash = prompt -> prompt.contains("Crash task");
        Predicate<ModelPrompt> graceful = prompt -> prompt.contains("Graceful task");
        Predicate<ModelPrompt> quick = prompt -> prompt.contains("Quick task") || prompt.contains("Outage task");
        model.when(crash, prompt -> {
                    String task = label(prompt);
                    if (crashFirstCallMade.add(task)) {
                        // The first attempt hangs in its model call until the test has killed its worker.
                        awaitQuietly(() -> crashReleased.contains(task), Duration.ofSeconds(120));
                        return agentOutput("Nothing done yet", "Waiting", "Wait", action("wait", "seconds", 1));
                    }
                    return agentOutput("Back after the crash", "Done", "Finish",
                            action("done", "text", task + " survived", "success", true));
                })
                .when(graceful.and(prompt -> prompt.contains("Waiting for the shutdown")),
                        prompt -> agentOutput("Waited", "Done", "Finish",
                                action("done", "text", label(prompt) + " done", "success", true)))
                .when(graceful,
                        prompt -> agentOutput("Nothing done yet", "Waiting for the shutdown", "Wait",
                                action("wait", "seconds", 3)))
                .when(quick, prompt -> agentOutput("Nothing to do", "Done", "Finish",
                        action("done", "text", label(prompt) + " done", "success", true)))
                .when(prompt -> prompt.contains("Hold a slot"), prompt -> {
                    awaitQuietly(() -> !holdSlots.get(), Duration.ofSeconds(120));
                    return agentOutput("Held", "Done", "Finish", action("done", "text", "held", "success", true));
                })
                .when(prompt -> prompt.contains("Think for 20 seconds"), prompt -> {
                    sleepQuietly(Duration.ofSeconds(20));
                    return agentOutput("Thought", "Done", "Finish", action("done", "text", "thought", "success", true));
                })
                .when(prompt -> prompt.contains("Keep going until stopped"),
                        prompt -> agentOutput("Going", "Going", "Go on", action("wait", "seconds", 0.2)));
    }

    @Test
    @Order(1)
    void aWorkerWithAllSlotsBusyDoesNotDelayATaskAnotherWorkerCanTake() throws Exception {
        List<String> holders = new ArrayList<>();
        List<JsonNode> quickTasks = new ArrayList<>();
        Duration took;
        try {
            try {
                // Alone in the group, the first worker takes both holders and fills its two slots.
                holders.add(runTask("Hold a slot 0", 5));
                holders.add(runTask("Hold a slot 1", 5));
                String firstWorker = workerIdOf(stack.worker());
                awaitCondition(() -> tasksHeldBy(firstWorker) == 2, "the first worker holds both its slots");
            } finally {
                startSecondWorker(); // the later cases need it, whatever this one found
            }

            // Each dispatch lands on a partition at random: were the full worker still in the group, about half of
            // these would wait on its partitions behind the held tasks.
            long submitted = System.nanoTime();
            List<String> quick = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                quick.add(runTask("Quick task " + (1000 + i), 5));
            }
            for (String id : quick) {
                quickTasks.add(awaitEndState(id));
            }
            took = Duration.ofNanos(System.nanoTime() - submitted);
            System.out.printf("Four tasks submitted while the first worker was full finished in %d ms%n", took.toMillis());
        } finally {
            holdSlots.set(false);
        }

        for (JsonNode task : quickTasks) {
            assertEquals("finished", task.get("status").asText(), task.toString());
        }
        // The dispatches would otherwise wait behind the held tasks (minutes) or for the sweeper (5 min here).
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "the tasks waited " + took.toMillis() + " ms while the"
                + " first worker was busy and the second had free slots");
        for (String holder : holders) {
            assertEquals("finished", awaitEndState(holder).get("status").asText());
        }
    }

    @Test
    @Order(2)
    void stopPauseAndResumeActWithinTwoSecondsEvenDuringATwentySecondModelCall() throws Exception {
        // Stop during a 20 s model call: the run is abandoned and its browser closed within 2 s.
        String slow = runTask("Think for 20 seconds", 5);
        awaitCondition(() -> modelRequests("Think for 20 seconds") == 1, "the slow model call started");
        String slowWorker = awaitWorkerOf(slow);
        long runningBefore = runningTasks();
        long stopAt = System.nanoTime();
        updateStatus(slow, "stopped");
        awaitCondition(() -> runningTasks() == runningBefore - 1, "the worker let go of the stopped task");
        Duration stopLatency = Duration.ofNanos(System.nanoTime() - stopAt);
        assertTrue(stopLatency.compareTo(CONTROL_LATENCY) <= 0, "stop took " + stopLatency.toMillis() + " ms on " + slowWorker);
        assertEquals("stopped", taskColumn(slow, "status"));

        // Pause: the agent loop halts (no model call) within 2 s; resume: it goes on within 2 s.
        String looping = runTask("Keep going until stopped", 100);
        awaitCondition(() -> modelRequests("Keep going until stopped") >= 2, "the looping task runs");
        long pauseAt = System.nanoTime();
        updateStatus(looping, "paused");
        sleepQuietly(CONTROL_LATENCY);
        int requestsWhenHalted = modelRequests("Keep going until stopped");
        sleepQuietly(Duration.ofSeconds(2));
        assertEquals(requestsWhenHalted, modelRequests("Keep going until stopped"),
                "no model call more than 2 s after the pause (" + Duration.ofNanos(System.nanoTime() - pauseAt).toMillis() + " ms)");
        assertEquals("paused", taskColumn(looping, "status"));

        long resumeAt = System.nanoTime();
        updateStatus(looping, "running");
        awaitCondition(() -> modelRequests("Keep going until stopped") > requestsWhenHalted, "the resumed task goes on");
        Duration resumeLatency = Duration.ofNanos(System.nanoTime() - resumeAt);
        assertTrue(resumeLatency.compareTo(CONTROL_LATENCY) <= 0, "resume took " + resumeLatency.toMillis() + " ms");
        System.out.printf("Control latency: stop %d ms (during a 20 s model call), resume %d ms%n",
                stopLatency.toMillis(), resumeLatency.toMillis());
        updateStatus(looping, "stopped");
        awaitCondition(() -> runningTasks() == runningBefore - 1, "the stopped looping task is let go");
    }

    @Test
    @Order(3)
    void aMalformedRecordAndAnUnpublishableOutboxRowAreParkedAndEverythingElseFlows() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("tasks", poisonKey, "{not a dispatch")).get(30, TimeUnit.SECONDS);
        }
        String refusedKey = UUID.randomUUID().toString();
        execute("insert into outbox (topic, message_key, payload) values ('task-events', ?, to_jsonb(repeat('x', 1200000)))",
                refusedKey);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(runTask("Quick task " + (2000 + i), 5));
        }

        for (String id : ids) {
            assertEquals("finished", awaitEndState(id).get("status").asText());
        }
        awaitCondition(() -> queryLong("select count(*) from outbox where parked_at is not null and message_key = ?",
                refusedKey) == 1, "the unpublishable row is parked");
        assertEquals("{not a dispatch", awaitRecord("tasks-dead-letter", poisonKey));
    }

    @Test
    @Order(4)
    void everyAcknowledgedTaskFinishesThroughPostgresAndKafkaOutages() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            acknowledged.add(runTask("Graceful task " + (3000 + i), 5));
        }
        awaitCondition(() -> queryLong("select count(*) from tasks where status = 'running'") >= 2, "tasks run");

        int postgresPort = stack.postgres().port();
        stack.postgres().close();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int i = 0;
            while (System.nanoTime() < until) {
                tryRunTask("Outage task " + (3100 + i++)).ifPresent(acknowledged::add);
                sleepQuietly(Duration.ofMillis(500));
            }
        } finally {
            restartedPostgres = PostgresServer.start(stateDirectory.resolve("postgres"), postgresPort);
        }
        acknowledged.add(runTask("Graceful task 3200", 5));

        stack.kafka().stop();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int i = 0;
            while (System.nanoTime() < until) {
                acknowledged.add(runTask("Outage task " + (3300 + i++), 5));
                sleepQuietly(Duration.ofMillis(500));
            }
        } finally {
            stack.kafka().start();
        }

        for (String id : acknowledged) {
            JsonNode task = awaitEndState(id);
            assertEquals("finished", task.get("status").asText(), task.toString());
        }
    }

    @Test
    @Order(5)
    void sigtermDuringTenTasksLosesNoneAndKeepsEveryResult() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(runTask("Graceful task " + (4000 + i), 5));
        }
        String secondId = workerIdOf(second);
        awaitCondition(() -> tasksHeldBy(secondId) >= 3, "the second worker runs several of the tasks");

        second.stop(LocalStack.STOP_GRACE);

        try {
            for (String id : ids) {
                JsonNode task = awaitEndState(id);
                assertEquals("finished", task.get("status").asText(), task.toString());
                assertEquals(1, queryLong("select count(*) from task_steps where task_id = ?::uuid and actions::text like '%\"done\"%'", id),
                        "task " + id + " called done exactly once: no result was thrown away and run again");
            }
        } finally {
            // The later cases need both workers, whatever this one found.
            second.start();
            second.awaitReady(LocalStack.READY_TIMEOUT);
        }
    }

    @Test
    @Order(6)
    void killingAWorkerInTheMiddleOfEachOfTenTasksLosesNoneAndLeavesNoBrowserBehind() throws Exception {
        stack.worker().stop(LocalStack.STOP_GRACE); // every task goes to the second worker, which is killed twice
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(runTask("Crash task " + i, 5));
        }
        Map<String, Set<String>> claimsPerAttempt = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> sampleClaims(claimsPerAttempt), 0, 100, TimeUnit.MILLISECONDS);
        try {
            Set<String> hanging = new HashSet<>();
            while (crashReleased.size() < 10) {
                int expected = Math.min(5, 10 - crashReleased.size());
                awaitCondition(() -> crashFirstCallMade.size() - crashReleased.size() >= expected,
                        expected + " crash tasks are in their first model call");
                hanging.clear();
                hanging.addAll(crashFirstCallMade);
                hanging.removeAll(crashReleased);
                long pid = second.pid();
                List<ProcessHandle> browsers = ProcessHandle.of(pid).orElseThrow().descendants().toList();
                assertFalse(browsers.isEmpty(), "the worker runs browsers");

                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
                second.onExit().get(30, TimeUnit.SECONDS);
                crashReleased.addAll(hanging);
                second.start();
                second.awaitReady(LocalStack.READY_TIMEOUT);

                awaitCondition(() -> browsers.stream().noneMatch(ProcessHandle::isAlive),
                        "the restarted worker reaped the Chromium and chromedriver processes of the killed one");
                assertFalse(Files.exists(profileRoot.resolve("worker-" + pid)), "the killed worker's profiles are gone");
            }
            for (String id : ids) {
                JsonNode task = awaitEndState(id);
                assertEquals("finished", task.get("status").asText(), task.toString());
                assertTrue(queryLong("select attempt from tasks where id = ?::uuid", id) >= 2, "attempts recorded");
            }
        } finally {
            sampler.shutdownNow();
        }
        claimsPerAttempt.forEach((attempt, workers) ->
                assertEquals(1, workers.size(), "one worker per attempt, never two: " + attempt + " " + workers));
        stack.worker().start();
        stack.worker().awaitReady(LocalStack.READY_TIMEOUT);
    }

    @Test
    @Order(7)
    void fiftyTasksThroughAFourSlotWorkerLeaveNoBrowserBehind() throws Exception {
        stack.worker().stop(LocalStack.STOP_GRACE);
        second.stop(LocalStack.STOP_GRACE);
        ServiceProcess fourSlots = stack.startWorker("worker-4-slots", FreePorts.find(),
                Map.of("BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "4"));
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long pid = fourSlots.pid();
        sampler.scheduleAtFixedRate(() -> ProcessHandle.of(pid).ifPresent(worker -> worker.descendants().forEach(seen::add)),
                0, 200, TimeUnit.MILLISECONDS);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                ids.add(runTask("Quick task " + (5000 + i), 3));
            }
            for (String id : ids) {
                assertEquals("finished", awaitEndState(id).get("status").asText());
            }
            // While idle, only the warm pool's browsers remain: the 50 sessions each ended with their task.
            awaitCondition(() -> ProcessHandle.of(pid).orElseThrow().descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("chromedriver")).count() <= 4,
                    "only the pool's four browsers remain");
        } finally {
            sampler.shutdownNow();
            fourSlots.stop(LocalStack.STOP_GRACE);
        }
        assertTrue(seen.size() > 50, "the worker started browsers: " + seen.size());
        awaitCondition(() -> seen.stream().noneMatch(ProcessHandle::isAlive),
                "every Chromium and chromedriver process the worker started has ended");
        assertFalse(Files.exists(profileRoot.resolve("worker-" + pid)),
                "the worker deleted its profile directory as it stopped");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String label(ModelPrompt prompt) {
        Matcher matcher = NUMBERED.matcher(prompt.userText());
        return matcher.find() ? matcher.group() : "task";
    }

    private static void sampleClaims(Map<String, Set<String>> claimsPerAttempt) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "select id, attempt, worker_id from tasks where status in ('running', 'paused') and lease_expires_at > now()")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    claimsPerAttempt.computeIfAbsent(rows.getString(1) + "#" + rows.getInt(2), key -> ConcurrentHashMap.newKeySet())
                            .add(rows.getString(3));
                }
            }
        } catch (SQLException e) {
            // a sample missed while the database is busy; the next one follows
        }
    }

    private static int modelRequests(String marker) {
        return (int) model.requests().stream().filter(prompt -> prompt.contains(marker)).count();
    }

    /** Task runs going on in the two workers, from their metrics. */
    private static long runningTasks() {
        return runningTasks(stack.workerPort()) + runningTasks(secondPort);
    }

    private static long runningTasks(int workerPort) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("browser_agent_tasks_running"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String workerIdOf(ServiceProcess worker) {
        return "-" + worker.pid();
    }

    private static long tasksHeldBy(String workerIdSuffix) {
        return queryLong("select count(*) from tasks where status = 'running' and worker_id like ?", "%" + workerIdSuffix);
    }

    private static String awaitWorkerOf(String id) {
        awaitCondition(() -> queryLong("select count(*) from tasks where id = ?::uuid and status = 'running'", id) == 1,
                "task " + id + " runs");
        return queryString("select worker_id from tasks where id = ?::uuid", id);
    }

    private static void updateStatus(String id, String status) {
        execute("update tasks set status = '" + status + "'" + (status.equals("stopped") ? ", finished_at = now()" : "")
                + " where id = ?::uuid", id);
    }

    private static String taskColumn(String id, String column) {
        return queryString("select " + column + " from tasks where id = ?::uuid", id);
    }

    private static String runTask(String task, int maxSteps) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request("/run-task")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"" + task + " on " + site.url("/page")
                        + "\", \"max_agent_steps\": " + maxSteps + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The id when the API acknowledged the task; empty when it refused it (e.g. its database is down). */
    private static Optional<String> tryRunTask(String task) {
        try {
            HttpResponse<String> response = HTTP.send(request("/run-task")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"" + task + "\", \"max_agent_steps\": 5}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.of(JSON.readTree(response.body()).get("id").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static JsonNode awaitEndState(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
        JsonNode task = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(request("/task/" + id).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                task = JSON.readTree(response.body());
                String status = task.get("status").asText();
                if (status.equals("finished") || status.equals("failed") || status.equals("stopped")) {
                    return task;
                }
            }
            Thread.sleep(250);
        }
        fail("Task " + id + " did not end within " + TASK_TIMEOUT + "; last seen: " + task);
        return task;
    }

    private static String awaitRecord(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        fail("No record with key " + key + " on " + topic);
        return null;
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        if (!awaitQuietly(condition, TASK_TIMEOUT)) {
            fail("Not within " + TASK_TIMEOUT.toSeconds() + " s: " + what);
        }
    }

    private static boolean awaitQuietly(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleepQuietly(Duration.ofMillis(50));
        }
        return false;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.apiKey());
    }

    private static Connection connect() throws SQLException {
        PostgresServer postgres = restartedPostgres != null ? restartedPostgres : stack.postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static void execute(String sql, String parameter) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long queryLong(String sql, String... parameters) {
        return Long.parseLong(queryString(sql, parameters));
    }

    private static String queryString(String sql, String... parameters) {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), sql);
                return row.getString(1);
            }
        } catch (SQLException e) {
            return "-1";
        }
    }
}
