package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.testing.TestSite;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts the stack the way the README says ({@code ./deploy/local/run}), runs one small task through it with
 * curl, stops it with SIGTERM and checks that nothing is left running; then starts it again on the same state
 * directory, which must still know the task and the key.
 */
class LocalLauncherIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();
    private static final Pattern API_LINE = Pattern.compile("^\\s*API:\\s+(\\S+)\\s*$");
    private static final Pattern API_KEY_LINE = Pattern.compile("^\\s*API key:\\s+(\\S+)\\s*$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final StackExtension stack = StackExtension.modelAndSiteOnly();

    private final List<String> launcherOutput = new CopyOnWriteArrayList<>();
    /** Every process seen under the launcher while it ran: all must be gone after the stop. */
    private final Set<ProcessHandle> launcherProcesses = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService processRecorder = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopRecordingProcesses() {
        processRecorder.shutdownNow();
    }

    @Test
    void theRunScriptRunsATaskAndStopsWithoutLeavingProcessesBehind(@TempDir Path stateDirectory) throws Exception {
        TestSite site = stack.site();
        site.page("/launcher", "<html><head><title>Launcher</title></head>"
                + "<body><h1>Launcher test page</h1></body></html>");
        stack.model().when(prompt -> prompt.contains("Launcher test page"),
                        prompt -> agentOutput("The page is open", "Reached the test page", "Finish",
                                action("done", "text", "launcher ok", "success", true)))
                .when(prompt -> true,
                        prompt -> agentOutput("Nothing yet", "Starting", "Open the test page",
                                action("navigate", "url", site.url("/launcher"))));

        int apiPort = FreePorts.find();
        int apiManagementPort = FreePorts.find();
        int workerManagementPort = FreePorts.find();
        int postgresPort = FreePorts.find();
        int kafkaPort = FreePorts.find();
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.putAll(Map.of(
                "BROWSER_AGENT_API_PORT", String.valueOf(apiPort),
                "BROWSER_AGENT_API_MANAGEMENT_PORT", String.valueOf(apiManagementPort),
                "BROWSER_AGENT_WORKER_MANAGEMENT_PORT", String.valueOf(workerManagementPort),
                "BROWSER_AGENT_POSTGRES_PORT", String.valueOf(postgresPort),
                "BROWSER_AGENT_KAFKA_PORT", String.valueOf(kafkaPort),
                "BROWSER_AGENT_SKIP_BUILD", "true",
                "BROWSER_AGENT_STATE_DIR", stateDirectory.toString()));
        Process launcher = startLauncher(environment);
        String apiUrl;
        String apiKey;
        String taskId;
        try {
            apiUrl = awaitBannerValue(launcher, API_LINE);
            apiKey = awaitBannerValue(launcher, API_KEY_LINE);
            assertEquals("http://127.0.0.1:" + apiPort + "/api/v1", apiUrl);

            taskId = runTask(apiUrl, apiKey, "Open " + site.url("/launcher") + " and say whether it loaded");
            awaitFinished(apiUrl, apiKey, taskId);
            JsonNode task = JSON.readTree(curl(apiUrl + "/task/" + taskId, apiKey).body());
            assertEquals("launcher ok", task.path("output").asText(), task.toString());
        } finally {
            stop(launcher);
        }
        assertNothingLeftRunning(apiPort, apiManagementPort, workerManagementPort, postgresPort, kafkaPort);

        // A restart on the same state directory keeps the tasks and the key.
        launcherOutput.clear();
        Process restarted = startLauncher(environment);
        try {
            assertEquals(apiKey, awaitBannerValue(restarted, API_KEY_LINE));
            JsonNode task = JSON.readTree(curl(apiUrl + "/task/" + taskId, apiKey).body());
            assertEquals("finished", task.path("status").asText(), task.toString());
            assertEquals("launcher ok", task.path("output").asText(), task.toString());
        } finally {
            stop(restarted);
        }
        assertNothingLeftRunning(apiPort, apiManagementPort, workerManagementPort, postgresPort, kafkaPort);
    }

    private void stop(Process launcher) throws InterruptedException {
        recordProcessesUnder(launcher);
        // SIGTERM, like Process.destroy(), but through the handle, which keeps the output pipe open.
        launcher.toHandle().destroy();
        boolean exited = launcher.waitFor(60, TimeUnit.SECONDS);
        assertTrue(exited, "the launcher did not exit within 60 s of SIGTERM\n" + lastOutput());
    }

    /** Starts the launcher and records the processes under it, now and every quarter second while it runs. */
    private Process startLauncher(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(REPO_ROOT.resolve("deploy/local/run").toString())
                .directory(REPO_ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process launcher = builder.start();
        Thread reader = new Thread(() -> readOutput(launcher), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        processRecorder.scheduleWithFixedDelay(() -> recordProcessesUnder(launcher), 0, 250, TimeUnit.MILLISECONDS);
        return launcher;
    }

    private void readOutput(Process launcher) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("| " + line);
                launcherOutput.add(line);
            }
        } catch (IOException e) {
            launcherOutput.add("(output no longer read: " + e + ")");
        }
    }

    private String awaitBannerValue(Process launcher, Pattern linePattern) {
        try {
            return await("a line matching " + linePattern).atMost(START_TIMEOUT).pollInterval(POLL_INTERVAL)
                    .until(() -> bannerValue(launcher, linePattern), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            return fail("no line matching " + linePattern + " within " + START_TIMEOUT.toSeconds() + " s\n" + lastOutput());
        }
    }

    /** The value of the banner line, once printed; fails at once when the launcher exited before printing it. */
    private Optional<String> bannerValue(Process launcher, Pattern linePattern) {
        for (String line : launcherOutput) {
            Matcher match = linePattern.matcher(line);
            if (match.matches()) {
                return Optional.of(match.group(1));
            }
        }
        if (!launcher.isAlive()) {
            fail("the launcher exited with code " + launcher.exitValue() + " before it was ready\n" + lastOutput());
        }
        return Optional.empty();
    }

    private String runTask(String apiUrl, String apiKey, String taskText) throws Exception {
        String body = JSON.createObjectNode().put("task", taskText).put("max_agent_steps", 5).toString();
        HttpAnswer answer = run("curl", "-s", "-S", "--max-time", "30", "-w", "\n%{http_code}", "-X", "POST", apiUrl + "/run-task",
                "-H", "Authorization: Bearer " + apiKey, "-H", "Content-Type: application/json", "-d", body);
        assertEquals(200, answer.status(), "run-task answered " + answer);
        String id = JSON.readTree(answer.body()).path("id").asText(null);
        assertNotNull(id, "no id in " + answer.body());
        return id;
    }

    private void awaitFinished(String apiUrl, String apiKey, String taskId) {
        try {
            await("task " + taskId + " finished").atMost(TASK_TIMEOUT).pollInterval(POLL_INTERVAL)
                    .until(() -> status(apiUrl, apiKey, taskId), "finished"::equals);
        } catch (ConditionTimeoutException e) {
            fail("the task did not finish within " + TASK_TIMEOUT.toSeconds() + " s\n" + lastOutput());
        }
    }

    /** The task's status through curl; fails at once when the task ended otherwise than finished. */
    private static String status(String apiUrl, String apiKey, String taskId) throws Exception {
        HttpAnswer answer = curl(apiUrl + "/task/" + taskId + "/status", apiKey);
        assertEquals(200, answer.status(), "status answered " + answer);
        String status = JSON.readTree(answer.body()).asText();
        if (Set.of("failed", "stopped").contains(status)) {
            fail("the task ended as " + status + ": " + curl(apiUrl + "/task/" + taskId, apiKey).body());
        }
        return status;
    }

    private static HttpAnswer curl(String url, String apiKey) throws Exception {
        return run("curl", "-s", "-S", "--max-time", "30", "-w", "\n%{http_code}", url, "-H", "Authorization: Bearer " + apiKey);
    }

    /** Runs curl; {@code -w "\n%{http_code}"} puts the status on the last line of its output. */
    private static HttpAnswer run(String... command) throws Exception {
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        int lastNewline = output.lastIndexOf('\n');
        String status = output.substring(lastNewline + 1).strip();
        if (curl.exitValue() != 0 || !status.matches("\\d{3}")) {
            fail("curl failed (exit code " + curl.exitValue() + "): " + output);
        }
        return new HttpAnswer(Integer.parseInt(status), output.substring(0, lastNewline));
    }

    private void recordProcessesUnder(Process launcher) {
        launcherProcesses.add(launcher.toHandle());
        launcher.descendants().forEach(launcherProcesses::add);
    }

    /** Every process seen under the launcher is gone, and the ports no longer accept connections. */
    private void assertNothingLeftRunning(int... ports) {
        System.out.println("Processes seen under the launcher: " + launcherProcesses.size());
        try {
            await("every process seen under the launcher ends").atMost(Duration.ofSeconds(10))
                    .until(() -> aliveProcesses().isEmpty());
        } catch (ConditionTimeoutException e) {
            // The processes still alive are named, and killed, below.
        }
        List<ProcessHandle> alive = aliveProcesses();
        List<String> described = new ArrayList<>();
        alive.forEach(process -> described.add(process.pid() + " " + process.info().commandLine().orElse("?")));
        alive.forEach(ProcessHandle::destroyForcibly);
        assertTrue(described.isEmpty(), "left running after the launcher stopped: " + described);
        for (int port : ports) {
            assertFalse(accepts(port), "port " + port + " still accepts connections");
        }
    }

    private List<ProcessHandle> aliveProcesses() {
        return launcherProcesses.stream().filter(ProcessHandle::isAlive).toList();
    }

    private String lastOutput() {
        List<String> lines = List.copyOf(launcherOutput);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record HttpAnswer(int status, String body) {
    }
}
