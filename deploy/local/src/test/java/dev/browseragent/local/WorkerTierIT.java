package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.PostgresServer;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.TopicClient;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker tier with real worker processes (separate JVMs), real PostgreSQL, Kafka and Chromium: crashes,
 * graceful shutdown and restart, a Kafka outage, a hung database, parked messages, busy workers, control latency and
 * browser clean-up (restarts of PostgreSQL and Kafka under load: {@code InfrastructureRestartIT}).
 * Short leases and heartbeats keep it quick; the model answers in milliseconds except where a case makes it slow.
 * <p>
 * The cases stop, kill and restart services, so the class has a stack of its own. Each case brings the workers to
 * the state it needs ({@link #runOnly}, {@link #runAnyWorker}) and finds no task of an earlier one still open
 * ({@link #stopWhatEarlierCasesLeftOpen}), so the cases run in any order and one failure does not fail the others.
 */
class WorkerTierIT {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONTROL_LATENCY = Duration.ofSeconds(2);
    /** Without a model call for this long, a task that calls the model every quarter second has halted. */
    private static final Duration HALTED = Duration.ofSeconds(2);
    private static final Pattern NUMBERED = Pattern.compile("(Crash|Graceful|Quick) task (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> SECOND_WORKER_SETTINGS = Map.of(
            "BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "5", "BROWSER_AGENT_BROWSER_POOL_SIZE", "2");

    @RegisterExtension
    static final StackExtension stack = StackExtension.own(config -> config
            .environment("BROWSER_AGENT_WORKER_LEASE_DURATION", "5s")
            // Room for a busy machine between the lease found unconfirmed and the browser dead.
            .environment("BROWSER_AGENT_WORKER_LEASE_SAFETY_MARGIN", "2500ms")
            .environment("BROWSER_AGENT_WORKER_HEARTBEAT_INTERVAL", "1s")
            .environment("BROWSER_AGENT_WORKER_REAPER_INTERVAL", "1s")
            .environment("BROWSER_AGENT_WORKER_MAX_ATTEMPTS", "5")
            .environment("BROWSER_AGENT_WORKER_SHUTDOWN_GRACE", "4s")
            .environment("BROWSER_AGENT_WORKER_REDISPATCH_UNCLAIMED_AFTER", "5m"));

    /** The stack's worker (two slots), and a second one (five slots) started when a case first needs it. */
    private enum Worker { FIRST, SECOND }

    private static ServiceProcess second;
    private static int secondManagementPort;

    /** The rules every case may use; a case that makes the model hold or slow adds its own. */
    @BeforeAll
    static void scriptTheModel() {
        stack.site().page("/page", "<html><head><title>Page</title></head><body><p>A page</p></body></html>");
        stack.model().when(prompt -> prompt.contains("Graceful task") && prompt.contains("Waiting for the shutdown"),
                        prompt -> agentOutput("Waited", "Done", "Finish",
                                action("done", "text", label(prompt) + " done", "success", true)))
                .when(prompt -> prompt.contains("Graceful task"),
                        prompt -> agentOutput("Nothing done yet", "Waiting for the shutdown", "Wait",
                                action("wait", "seconds", 3)))
                .when(prompt -> prompt.contains("Quick task"),
                        prompt -> agentOutput("Nothing to do", "Done", "Finish",
                                action("done", "text", label(prompt) + " done", "success", true)));
    }

    /** After a failed case, its tasks may still run or wait: they are stopped, so the next case starts clean. */
    @BeforeEach
    void stopWhatEarlierCasesLeftOpen() {
        for (String id : stack.database().column("select id::text from tasks"
                + " where status not in ('finished', 'failed', 'stopped')")) {
            stack.client().stop(id);
        }
        waitUntil("no worker runs a task").until(() -> runningTasks() == 0);
    }

    @Test
    void aWorkerWithAllSlotsBusyDoesNotDelayATaskAnotherWorkerCanTake() {
        runOnly(Worker.FIRST);
        CountDownLatch slotsReleased = new CountDownLatch(1);
        stack.model().when(prompt -> prompt.contains("Hold a slot"), prompt -> {
            holdUntil(slotsReleased);
            return agentOutput("Held", "Done", "Finish", action("done", "text", "held", "success", true));
        });
        List<String> holders = new ArrayList<>();
        List<JsonNode> quickTasks = new ArrayList<>();
        Duration took;
        try {
            // Alone in the group, the first worker takes both holders and fills its two slots.
            holders.add(runTask("Hold a slot 0", 5));
            holders.add(runTask("Hold a slot 1", 5));
            String firstWorker = workerIdOf(process(Worker.FIRST));
            waitUntil("the first worker holds both its slots").until(() -> tasksHeldBy(firstWorker) == 2);
            start(Worker.SECOND);

            // Each dispatch lands on a partition at random: were the full worker still in the group, about half of
            // these would wait on its partitions behind the held tasks.
            long submitted = System.nanoTime();
            List<String> quick = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                quick.add(runTask("Quick task " + (1000 + i), 5));
            }
            for (String id : quick) {
                quickTasks.add(stack.client().awaitEnd(id));
            }
            took = Duration.ofNanos(System.nanoTime() - submitted);
            System.out.printf("Four tasks submitted while the first worker was full finished in %d ms%n", took.toMillis());
        } finally {
            slotsReleased.countDown();
        }

        for (JsonNode task : quickTasks) {
            assertEquals("finished", task.get("status").asText(), task.toString());
        }
        // The dispatches would otherwise wait behind the held tasks (minutes) or for the sweeper (5 min here).
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "the tasks waited " + took.toMillis() + " ms while the"
                + " first worker was busy and the second had free slots");
        for (String holder : holders) {
            assertEquals("finished", stack.client().awaitEnd(holder).get("status").asText());
        }
    }

    @Test
    void stopPauseAndResumeActWithinTwoSecondsEvenDuringATwentySecondModelCall() {
        runAnyWorker();
        // Stop during a model call of up to 20 s: the run is abandoned and its browser closed within 2 s.
        CountDownLatch slowCallMayEnd = new CountDownLatch(1);
        stack.model().when(prompt -> prompt.contains("Think for 20 seconds"), prompt -> {
            holdUntil(slowCallMayEnd, Duration.ofSeconds(20));
            return agentOutput("Thought", "Done", "Finish", action("done", "text", "thought", "success", true));
        });
        long runningBefore;
        Duration stopLatency;
        try {
            String slow = runTask("Think for 20 seconds", 5);
            waitUntil("the slow model call started").until(() -> modelRequests("Think for 20 seconds") == 1);
            String slowWorker = awaitWorkerOf(slow);
            runningBefore = runningTasks();
            long stopAt = System.nanoTime();
            stack.client().stop(slow);
            waitUntil("the worker let go of the stopped task").until(() -> runningTasks() == runningBefore - 1);
            stopLatency = Duration.ofNanos(System.nanoTime() - stopAt);
            assertTrue(stopLatency.compareTo(CONTROL_LATENCY) <= 0, "stop took " + stopLatency.toMillis() + " ms on " + slowWorker);
            assertEquals("stopped", stack.client().status(slow));
        } finally {
            slowCallMayEnd.countDown();
        }

        // Pause: the agent loop halts (no model call) within 2 s; resume: it goes on within 2 s.
        List<Long> loopCalls = new CopyOnWriteArrayList<>();
        stack.model().when(prompt -> prompt.contains("Keep going until stopped"), prompt -> {
            loopCalls.add(System.nanoTime());
            return agentOutput("Going", "Going", "Go on", action("wait", "seconds", 0.2));
        });
        String looping = runTask("Keep going until stopped", 100);
        waitUntil("the looping task runs").until(() -> loopCalls.size() >= 2);
        long pauseAt = System.nanoTime();
        stack.client().pause(looping);
        waitUntil("the paused task halts").until(() -> System.nanoTime() - last(loopCalls) >= HALTED.toNanos());
        Duration lastCallAfterPause = Duration.ofNanos(last(loopCalls) - pauseAt);
        assertTrue(lastCallAfterPause.compareTo(CONTROL_LATENCY) <= 0,
                "a model call " + lastCallAfterPause.toMillis() + " ms after the pause");
        assertEquals("paused", stack.client().status(looping));

        int callsWhenHalted = loopCalls.size();
        long resumeAt = System.nanoTime();
        stack.client().resume(looping);
        waitUntil("the resumed task goes on").until(() -> loopCalls.size() > callsWhenHalted);
        Duration resumeLatency = Duration.ofNanos(System.nanoTime() - resumeAt);
        assertTrue(resumeLatency.compareTo(CONTROL_LATENCY) <= 0, "resume took " + resumeLatency.toMillis() + " ms");
        System.out.printf("Control latency: stop %d ms (during a 20 s model call), resume %d ms%n",
                stopLatency.toMillis(), resumeLatency.toMillis());
        stack.client().stop(looping);
        waitUntil("the stopped looping task is let go").until(() -> runningTasks() == runningBefore - 1);
    }

    @Test
    void aMalformedRecordAndAnUnpublishableOutboxRowAreParkedAndEverythingElseFlows() {
        runAnyWorker();
        String poisonKey = UUID.randomUUID().toString();
        try (TopicClient kafka = new TopicClient(stack.kafkaBootstrapServers())) {
            kafka.send("tasks", poisonKey, "{not a dispatch", null, null);
            String refusedKey = UUID.randomUUID().toString();
            stack.database().update("insert into outbox (topic, message_key, payload)"
                    + " values ('task-events', ?, to_jsonb(repeat('x', 1200000)))", refusedKey);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(runTask("Quick task " + (2000 + i), 5));
            }

            for (String id : ids) {
                assertEquals("finished", stack.client().awaitEnd(id).get("status").asText());
            }
            waitUntil("the unpublishable row is parked").until(() -> stack.database().count(
                    "select count(*) from outbox where parked_at is not null and message_key = ?", refusedKey) == 1);
            assertEquals("{not a dispatch",
                    kafka.await("tasks-dead-letter", poisonKey, 1, Duration.ofSeconds(30)).get(0).value());
        }
    }

    @Test
    void aTaskAcknowledgedWhileKafkaIsDownRunsOnceKafkaIsBack() {
        runAnyWorker();
        stack.site().page("/outage", "<html><head><title>Outage</title></head><body><p>Still here after the outage</p></body></html>");
        stack.model().when(prompt -> prompt.contains("Open the outage page") && prompt.contains("Still here after the outage"),
                        prompt -> agentOutput("The page is open", "Page reached", "Finish",
                                action("done", "text", "survived the outage", "success", true)))
                .when(prompt -> prompt.contains("Open the outage page"),
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the page",
                                action("navigate", "url", stack.site().url("/outage"))));
        stack.services().kafka().stop();
        String id;
        try {
            long before = System.nanoTime();
            id = stack.client().runTask("{\"task\": \"Open the outage page\"}");
            assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 5, "the acknowledgement does not wait for Kafka");
            awaitTheRelayFailingToPublish();
            assertEquals("created", stack.client().status(id), "nothing can run while Kafka is down");
        } finally {
            stack.services().kafka().start();
        }

        JsonNode task = stack.client().awaitEnd(id);

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("survived the outage", task.get("output").asText());
    }

    @Test
    void aTaskRunningWhenTheWorkerStopsIsHandedBackAndRunsAfterTheRestart() {
        runOnly(Worker.FIRST);
        AtomicBoolean restarted = new AtomicBoolean();
        stack.model().when(prompt -> prompt.contains("Outlast a worker restart") && restarted.get(),
                        prompt -> agentOutput("Back after the restart", "Restarted", "Finish",
                                action("done", "text", "outlasted the restart", "success", true)))
                .when(prompt -> prompt.contains("Outlast a worker restart"),
                        prompt -> agentOutput("Nothing done yet", "Waiting", "Wait for the restart",
                                action("wait", "seconds", 30)));
        String id = stack.client().runTask("{\"task\": \"Outlast a worker restart\"}");
        // Into the model's 30 s wait, far longer than the 4 s the worker's shutdown waits for a run.
        waitUntil("the model told the task to wait").until(() -> modelRequests("Outlast a worker restart") == 1);

        process(Worker.FIRST).stop(LocalStack.STOP_GRACE);
        JsonNode handedBack = stack.client().task(id);
        assertEquals("created", handedBack.get("status").asText(), handedBack.toString());
        assertEquals(0, handedBack.get("steps").size(), "the next attempt starts over");

        restarted.set(true);
        start(Worker.FIRST);
        JsonNode task = stack.client().awaitEnd(id);

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("outlasted the restart", task.get("output").asText());
        assertEquals(1, task.get("steps").size(), task.toString());
    }

    @Test
    void aPausedTaskStaysPausedThroughItsWorkersShutdownAndDeathAndResumesOnItsLastPage() throws Exception {
        runOnly(Worker.FIRST);
        String lastPage = stack.site().url("/page?paused-here");
        AtomicBoolean finish = new AtomicBoolean();
        stack.model().when(prompt -> prompt.contains("Pause across restarts") && finish.get(),
                        prompt -> agentOutput("Resumed", "Done", "Finish",
                                action("done", "text", "resumed", "success", true)))
                .when(prompt -> prompt.contains("Pause across restarts") && !prompt.contains(lastPage),
                        prompt -> agentOutput("Starting", "Open the page", "Open it", action("navigate", "url", lastPage)))
                .when(prompt -> prompt.contains("Pause across restarts"),
                        prompt -> agentOutput("On the page", "Waiting", "Wait", action("wait", "seconds", 1)));
        String id = stack.client().runTask(Map.of("task", "Pause across restarts", "max_agent_steps", 100));
        waitUntil("the task is on its page").until(() -> stack.database().count(
                "select count(*) from task_steps where task_id = ?::uuid and url = ?", id, lastPage) > 0);

        // Paused, then its worker shuts down: the task is given up but stays paused, and no worker runs it.
        stack.client().pause(id);
        stack.client().awaitStatus(id, CONTROL_LATENCY.multipliedBy(5), "paused");
        process(Worker.FIRST).stop(LocalStack.STOP_GRACE);
        start(Worker.FIRST);
        assertStaysParked(id, 1);

        // Resumed: a new attempt, in a new browser, on the page the last one was on, saying so in its first step.
        stack.client().resume(id);
        waitUntil("the second attempt runs on the last page").until(() -> stack.database().count(
                "select count(*) from task_steps where task_id = ?::uuid and attempt = 2 and url = ?", id, lastPage) > 0);
        String firstActions = stack.database().value(
                "select actions::text from task_steps where task_id = ?::uuid and attempt = 2 and step = 1", id);
        assertTrue(firstActions.contains("resumes in a new browser at " + lastPage), firstActions);

        // Paused again, then its worker is killed: the reaper finds the lease expired and leaves the task paused.
        stack.client().pause(id);
        stack.client().awaitStatus(id, CONTROL_LATENCY.multipliedBy(5), "paused");
        ServiceProcess worker = process(Worker.FIRST);
        ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
        worker.onExit().get(30, TimeUnit.SECONDS);
        start(Worker.FIRST);
        waitUntil("the reaper gave the paused task up").until(() -> stack.database().count(
                "select count(*) from tasks where id = ?::uuid and worker_id is null", id) == 1);
        assertStaysParked(id, 2);

        finish.set(true);
        stack.client().resume(id);
        JsonNode task = stack.client().awaitEnd(id);
        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals(3, stack.database().count("select attempt from tasks where id = ?::uuid", id));
    }

    @Test
    void aRunWhoseDatabaseHangsHasItsBrowserKilledBeforeItsLeaseRunsOutAndTheTaskFinishesElsewhere() throws Exception {
        runOnly();
        AtomicBoolean takenOver = new AtomicBoolean();
        stack.model().when(prompt -> prompt.contains("Outlive a database hang") && takenOver.get(),
                        prompt -> agentOutput("Taken over", "Done", "Finish",
                                action("done", "text", "taken over", "success", true)))
                .when(prompt -> prompt.contains("Outlive a database hang"),
                        prompt -> agentOutput("Nothing done yet", "Waiting", "Wait", action("wait", "seconds", 30)));
        PostgresServer postgres = stack.services().postgres();
        try (FreezableTcpProxy hanging = new FreezableTcpProxy("127.0.0.1", postgres.port())) {
            // One slot and no spare warm browser: every browser of this worker is the task's.
            ServiceProcess cutOff = stack.services().startWorker("worker-cut-off", FreePorts.find(), Map.of(
                    "BROWSER_AGENT_DATABASE_URL", postgres.url().replace(":" + postgres.port() + "/", ":" + hanging.port() + "/"),
                    "BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS", "1", "BROWSER_AGENT_BROWSER_POOL_SPARE", "0"));
            try {
                String id = runTask("Outlive a database hang", 5);
                waitUntil("the task waits in its first step").until(() -> modelRequests("Outlive a database hang") == 1);
                List<ProcessHandle> browser = ProcessHandle.of(cutOff.pid()).orElseThrow().descendants()
                        .filter(process -> process.info().command().map(command -> command.contains("chrom")).orElse(false))
                        .toList();
                assertFalse(browser.isEmpty(), "the cut-off worker runs the task's browser");

                hanging.freeze();
                await("the cut-off worker killed the task's browser").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> browser.stream().allMatch(WorkerTierIT::ended));
                long browserGoneMillis = System.currentTimeMillis();
                // Nobody reaps meanwhile (no other worker runs): the row still shows the lease's last extension.
                long leaseEndMillis = Math.round(Double.parseDouble(stack.database().value("select extract(epoch from"
                        + " lease_expires_at) * 1000 from tasks where id = ?::uuid and status = 'running'"
                        + " and attempt = 1", id)));
                assertTrue(browserGoneMillis < leaseEndMillis, "the browser was gone "
                        + (leaseEndMillis - browserGoneMillis) + " ms before the lease could run out");

                takenOver.set(true);
                start(Worker.FIRST);
                JsonNode task = stack.client().awaitEnd(id);
                assertEquals("finished", task.get("status").asText(), task.toString());
                assertEquals("taken over", task.get("output").asText());
                assertEquals(2, stack.database().count("select attempt from tasks where id = ?::uuid", id));
            } finally {
                hanging.thaw();
                cutOff.stop(LocalStack.STOP_GRACE);
            }
        }
    }

    @Test
    void sigtermDuringTenTasksLosesNoneAndKeepsEveryResult() {
        runOnly(Worker.FIRST, Worker.SECOND);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(runTask("Graceful task " + (4000 + i), 5));
        }
        String secondId = workerIdOf(process(Worker.SECOND));
        waitUntil("the second worker runs several of the tasks").until(() -> tasksHeldBy(secondId) >= 3);

        process(Worker.SECOND).stop(LocalStack.STOP_GRACE);

        for (String id : ids) {
            JsonNode task = stack.client().awaitEnd(id);
            assertEquals("finished", task.get("status").asText(), task.toString());
            assertEquals(1, stack.database().count("select count(*) from task_steps where task_id = ?::uuid"
                            + " and actions::text like '%\"done\"%'", id),
                    "task " + id + " called done exactly once: no result was thrown away and run again");
        }
    }

    @Test
    void killingAWorkerInTheMiddleOfEachOfTenTasksLosesNoneAndLeavesNoBrowserBehind() throws Exception {
        runOnly(Worker.SECOND); // every task goes to the second worker, which is killed twice
        // Per crash task, released once the worker making its first model call was killed: that call hangs till then.
        Map<String, CountDownLatch> firstCalls = new ConcurrentHashMap<>();
        stack.model().when(prompt -> prompt.contains("Crash task"), prompt -> {
            CountDownLatch killed = new CountDownLatch(1);
            if (firstCalls.putIfAbsent(label(prompt), killed) == null) {
                holdUntil(killed);
                return agentOutput("Nothing done yet", "Waiting", "Wait", action("wait", "seconds", 1));
            }
            return agentOutput("Back after the crash", "Done", "Finish",
                    action("done", "text", label(prompt) + " survived", "success", true));
        });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(runTask("Crash task " + i, 5));
        }
        Map<String, Set<String>> claimsPerAttempt = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> sampleClaims(claimsPerAttempt), 0, 100, TimeUnit.MILLISECONDS);
        try {
            while (released(firstCalls) < 10) {
                int expected = Math.min(5, 10 - released(firstCalls));
                waitUntil(expected + " crash tasks are in their first model call")
                        .until(() -> hanging(firstCalls).size() >= expected);
                List<CountDownLatch> hanging = hanging(firstCalls);
                ServiceProcess worker = process(Worker.SECOND);
                long pid = worker.pid();
                List<ProcessHandle> browsers = ProcessHandle.of(pid).orElseThrow().descendants().toList();
                assertFalse(browsers.isEmpty(), "the worker runs browsers");

                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
                worker.onExit().get(30, TimeUnit.SECONDS);
                hanging.forEach(CountDownLatch::countDown);
                start(Worker.SECOND);

                waitUntil("the restarted worker reaped the Chromium and chromedriver processes of the killed one")
                        .until(() -> browsers.stream().noneMatch(ProcessHandle::isAlive));
                assertFalse(Files.exists(profileRoot().resolve("worker-" + pid)), "the killed worker's profiles are gone");
            }
            for (String id : ids) {
                JsonNode task = stack.client().awaitEnd(id);
                assertEquals("finished", task.get("status").asText(), task.toString());
                assertTrue(stack.database().count("select attempt from tasks where id = ?::uuid", id) >= 2, "attempts recorded");
            }
        } finally {
            sampler.shutdownNow();
            firstCalls.values().forEach(CountDownLatch::countDown);
        }
        claimsPerAttempt.forEach((attempt, workers) ->
                assertEquals(1, workers.size(), "one worker per attempt, never two: " + attempt + " " + workers));
    }

    @Test
    void fiftyTasksThroughAFourSlotWorkerLeaveNoBrowserBehind() {
        runOnly();
        ServiceProcess fourSlots = stack.services().startWorker("worker-4-slots", FreePorts.find(),
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
                assertEquals("finished", stack.client().awaitEnd(id).get("status").asText());
            }
            // While idle, only the warm pool's browsers remain: the 50 sessions each ended with their task.
            waitUntil("only the pool's four browsers remain").until(() -> ProcessHandle.of(pid).orElseThrow().descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("chromedriver")).count() <= 4);
        } finally {
            sampler.shutdownNow();
            fourSlots.stop(LocalStack.STOP_GRACE);
        }
        assertTrue(seen.size() > 50, "the worker started browsers: " + seen.size());
        waitUntil("every Chromium and chromedriver process the worker started has ended")
                .until(() -> seen.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(Files.exists(profileRoot().resolve("worker-" + pid)),
                "the worker deleted its profile directory as it stopped");
    }

    // ---- workers ------------------------------------------------------------------------------------------------

    /** Brings the workers to what a case needs: these running, the others stopped. */
    private static void runOnly(Worker... workers) {
        Set<Worker> wanted = Set.of(workers);
        Stream.of(Worker.values()).filter(worker -> !wanted.contains(worker)).forEach(WorkerTierIT::stop);
        wanted.forEach(WorkerTierIT::start);
    }

    /** For a case any worker serves: the ones running, or the first. */
    private static void runAnyWorker() {
        if (Stream.of(Worker.values()).noneMatch(WorkerTierIT::isRunning)) {
            start(Worker.FIRST);
        }
    }

    private static void start(Worker worker) {
        if (worker == Worker.SECOND && second == null) {
            secondManagementPort = FreePorts.find();
            second = stack.services().startWorker("worker-2", secondManagementPort, SECOND_WORKER_SETTINGS);
        } else if (!isRunning(worker)) {
            process(worker).start();
            process(worker).awaitReady(LocalStack.READY_TIMEOUT);
        }
    }

    private static void stop(Worker worker) {
        if (isRunning(worker)) {
            process(worker).stop(LocalStack.STOP_GRACE);
        }
    }

    private static boolean isRunning(Worker worker) {
        return process(worker) != null && process(worker).isAlive();
    }

    /** The worker's process; null for the second before it first started. */
    private static ServiceProcess process(Worker worker) {
        return worker == Worker.FIRST ? stack.services().worker() : second;
    }

    /** Task runs going on in the running workers, from their metrics. */
    private static long runningTasks() {
        return Stream.of(Worker.values()).filter(WorkerTierIT::isRunning)
                .mapToLong(worker -> runningTasks(worker == Worker.FIRST ? stack.services().workerManagementPort()
                        : secondManagementPort))
                .sum();
    }

    private static long runningTasks(int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(line -> line.startsWith("browser_agent_tasks_running"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String workerIdOf(ServiceProcess worker) {
        return "-" + worker.pid();
    }

    private static long tasksHeldBy(String workerIdSuffix) {
        return stack.database().count("select count(*) from tasks where status = 'running' and worker_id like ?",
                "%" + workerIdSuffix);
    }

    private static String awaitWorkerOf(String id) {
        waitUntil("task " + id + " runs").until(() -> stack.database().count(
                "select count(*) from tasks where id = ?::uuid and status = 'running'", id) == 1);
        return stack.database().value("select worker_id from tasks where id = ?::uuid", id);
    }

    private static Path profileRoot() {
        return stack.stateDirectory().resolve("browser-profiles");
    }

    /** Dead, or killed and not yet reaped by its new parent (a zombie acts no more). */
    private static boolean ended(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return !process.isAlive() || stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone from /proc
        }
    }

    /** The paused task has no worker, and for a few seconds no worker takes it: it is not run again unasked. */
    private static void assertStaysParked(String id, int attempts) {
        await("task " + id + " stays paused, without a worker, at attempt " + attempts)
                .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> stack.database().count("select count(*) from tasks where id = ?::uuid and status = 'paused'"
                        + " and worker_id is null and attempt = ?", id, attempts) == 1);
    }

    // ---- tasks and the model ------------------------------------------------------------------------------------

    private static String runTask(String task, int maxSteps) {
        return stack.client().runTask(Map.of("task", task + " on " + stack.site().url("/page"), "max_agent_steps", maxSteps));
    }

    private static String label(ModelPrompt prompt) {
        Matcher matcher = NUMBERED.matcher(prompt.userText());
        return matcher.find() ? matcher.group() : "task";
    }

    private static int modelRequests(String marker) {
        return (int) stack.model().requests().stream().filter(prompt -> prompt.contains(marker)).count();
    }

    /** Keeps a model call open until the case releases it (at most two minutes: a failed case leaves no call open). */
    private static void holdUntil(CountDownLatch released) {
        holdUntil(released, Duration.ofMinutes(2));
    }

    private static void holdUntil(CountDownLatch released, Duration longest) {
        try {
            released.await(longest.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long last(List<Long> times) {
        return times.get(times.size() - 1);
    }

    private static int released(Map<String, CountDownLatch> firstCalls) {
        return (int) firstCalls.values().stream().filter(latch -> latch.getCount() == 0).count();
    }

    private static List<CountDownLatch> hanging(Map<String, CountDownLatch> firstCalls) {
        return firstCalls.values().stream().filter(latch -> latch.getCount() > 0).toList();
    }

    private static void sampleClaims(Map<String, Set<String>> claimsPerAttempt) {
        try {
            for (List<String> claim : stack.database().rows("select id, attempt, worker_id from tasks"
                    + " where status in ('running', 'paused') and lease_expires_at > now()")) {
                claimsPerAttempt.computeIfAbsent(claim.get(0) + "#" + claim.get(1), key -> ConcurrentHashMap.newKeySet())
                        .add(claim.get(2));
            }
        } catch (IllegalStateException e) {
            // a sample missed while the database is busy; the next one follows
        }
    }

    /** The relay tried to publish and failed: an outbox row that waits (not parked) carries the broker's error. */
    private static void awaitTheRelayFailingToPublish() {
        waitUntil("the outbox relay fails to publish").until(() -> stack.database().count(
                "select count(*) from outbox where last_error is not null and parked_at is null") > 0);
    }

    /** Polling every 50 ms: the latencies measured here are a few hundred milliseconds. */
    private static ConditionFactory waitUntil(String what) {
        return await(what).atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(50));
    }
}
