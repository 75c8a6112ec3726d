package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.local.LocalStack;
import dev.browseragent.local.WebhookReceiver;
import dev.browseragent.model.SubmissionHeaders;
import dev.browseragent.model.Topics;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * Measures the pipelines on the real local stack, the scripted model as the one stand-in. Run it with
 * {@code deploy/local/benchmark-pipelines [submissions] [tasks]}; figures to stdout, progress to stderr.
 * <ol>
 * <li>Submissions through Kafka accepted per second: {@code submissions} run-task records with distinct request
 * ids are produced to task-submissions at once, with the worker stopped (no Chromium competes for the CPU); the
 * rate is the count over the time from the first send until the last accepted result was read from
 * task-submission-results. The tasks are then stopped in the database so that they never run.</li>
 * <li>Status change → webhook delivery: with the worker running and a webhook on a loopback receiver, {@code tasks}
 * one-step tasks are run at once; for every delivery (initializing, started, finished), the delay from the status
 * change (the event's timestamp) until the receiver had the POST.</li>
 * </ol>
 * Not a JUnit test: its name matches neither Surefire's nor Failsafe's patterns.
 */
public final class PipelinesBenchmark {

    private static final String SUBMITTED_TASK = "Benchmark submission: accepted, never run";
    private static final String WEBHOOK_TASK = "Benchmark webhook task";
    private static final String ADMIN_TOKEN = "benchmark-admin-token";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelinesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        int submissions = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // Wiped by the script before each run, so every run starts from an empty database.
        Path state = repoRoot.resolve("deploy/local/target/pipelines-benchmark-state");
        try (ScriptedModelServer model = ScriptedModelServer.start()) {
            model.when(prompt -> prompt.contains(WEBHOOK_TASK), prompt -> agentOutput("Nothing to open", "Done", "Finish",
                    action("done", "text", "done", "success", true)));
            LocalStack stack = BenchmarkStack.create(repoRoot, state, model, Map.of("BROWSER_AGENT_ADMIN_TOKEN", ADMIN_TOKEN));
            try (stack) {
                progress("starting the stack (state and logs in " + state + ")");
                stack.start();
                measure(stack, submissions, tasks);
            }
        }
    }

    private static void measure(LocalStack stack, int submissions, int tasks) throws Exception {
        double perSecond;
        try (TopicClient kafka = new TopicClient(stack.kafka().bootstrapServers())) {
            stack.worker().stop(LocalStack.STOP_GRACE);
            measureSubmissions(kafka, stack, Math.min(200, submissions), "warm-up");
            perSecond = measureSubmissions(kafka, stack, submissions, "measured");
        }
        try (Connection database = DriverManager.getConnection(stack.postgres().jdbcUrl(),
                stack.postgres().username(), stack.postgres().password());
             Statement stop = database.createStatement()) {
            stop.executeUpdate("update tasks set status = 'stopped', finished_at = now() where task = '"
                    + SUBMITTED_TASK + "'");
        }
        stack.worker().start();
        stack.worker().awaitReady(LocalStack.READY_TIMEOUT);
        Latencies delays = measureWebhooks(stack, tasks);
        System.out.printf(Locale.ROOT, "submissions through Kafka: %d accepted in one burst, %.0f per second%n",
                submissions, perSecond);
        System.out.printf(Locale.ROOT, "status change -> webhook delivered (%d tasks, %d deliveries): "
                        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                tasks, tasks * 3, delays.percentile(50), delays.percentile(99), delays.max());
    }

    private static double measureSubmissions(TopicClient kafka, LocalStack stack, int count, String series) {
        progress("submissions (" + series + "): " + count + " records");
        String prefix = "bench-" + UUID.randomUUID() + "-";
        long start = System.nanoTime();
        kafka.sendAll(Topics.TASK_SUBMISSIONS, prefix, count, "{\"task\": \"" + SUBMITTED_TASK + "\"}",
                SubmissionHeaders.API_KEY, stack.apiKey());
        // Results are at least once: only the first result of each request id counts.
        Set<String> answered = new HashSet<>();
        List<ConsumerRecord<String, String>> results = kafka.await(Topics.TASK_SUBMISSION_RESULTS,
                record -> record.key() != null && record.key().startsWith(prefix) && answered.add(record.key()),
                count, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        long refused = results.stream().filter(record -> !record.value().contains("\"task_id\"")).count();
        if (refused > 0) {
            throw new IllegalStateException(refused + " submissions were refused, e.g. " + results.get(0).value());
        }
        return count / seconds;
    }

    private static Latencies measureWebhooks(LocalStack stack, int tasks) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl().replace("/api/v1", "")
                            + "/admin/accounts/00000000-0000-0000-0000-000000000001/webhook"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + receiver.url() + "\", \"secret\": \"s\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (set.statusCode() != 200) {
                throw new IllegalStateException("Setting the webhook failed: " + set.body());
            }
            progress("webhooks: " + tasks + " tasks");
            for (int i = 0; i < tasks; i++) {
                HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/run-task"))
                        .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"" + WEBHOOK_TASK + " " + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (run.statusCode() != 200) {
                    throw new IllegalStateException("run-task failed: " + run.body());
                }
            }
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (finished(receiver) < tasks && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            List<Double> delays = new ArrayList<>();
            for (WebhookReceiver.Received delivery : receiver.received()) {
                JsonNode body = JSON.readTree(delivery.body());
                if (body.get("type").asText().equals("agent.task.status_update")) {
                    Instant changed = java.time.OffsetDateTime.parse(body.get("timestamp").asText()).toInstant();
                    delays.add(Duration.between(changed, delivery.at()).toNanos() / 1e6);
                }
            }
            if (delays.size() != tasks * 3) {
                throw new IllegalStateException("Expected " + tasks * 3 + " deliveries, got " + delays.size());
            }
            return Latencies.ofMillis(delays);
        }
    }

    private static long finished(WebhookReceiver receiver) {
        return receiver.received().stream().filter(d -> d.body().contains("\"status\":\"finished\"")).count();
    }

    private static void progress(String message) {
        System.err.println("benchmark: " + message);
    }
}
