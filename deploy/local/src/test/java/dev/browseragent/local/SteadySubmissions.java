package dev.browseragent.local;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that keeps submitting tasks at a steady pace, as clients do through an outage, until closed; it counts
 * what the API acknowledged and what it refused (an error answer, or none). The task texts are the label and a
 * running number of at least two digits.
 */
final class SteadySubmissions implements AutoCloseable {

    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final V1Client client;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();

    SteadySubmissions(V1Client client, String label, Duration interval) {
        this.client = client;
        sender.scheduleWithFixedDelay(() -> submit(label + String.format("%02d", sent.getAndIncrement())),
                0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(String task) {
        try {
            V1Client.Response answer = client.request("POST", "/run-task",
                    "{\"task\": \"" + task + "\", \"max_agent_steps\": 5}");
            if (answer.status() == 200) {
                acknowledged.add(answer.json().get("id").asText());
            } else {
                refused.incrementAndGet();
            }
        } catch (UncheckedIOException e) {
            refused.incrementAndGet();
        }
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    int refused() {
        return refused.get();
    }

    /** Stops submitting; returns once the submission in flight, if any, is answered. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            assertTrue(sender.awaitTermination(30, TimeUnit.SECONDS), "the last submission is answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
