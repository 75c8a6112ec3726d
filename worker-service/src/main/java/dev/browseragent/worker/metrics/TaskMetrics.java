package dev.browseragent.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The worker's task figures on {@code /q/metrics}. */
@ApplicationScoped
public class TaskMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong queued = new AtomicLong();
    private final Counter claimed;
    private final Timer stepLatency;
    private final Timer modelLatency;

    public TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("browser_agent.tasks.running", running, AtomicInteger::get)
                .description("Tasks this worker is running").register(registry);
        Gauge.builder("browser_agent.tasks.queued", queued, AtomicLong::get)
                .description("Tasks waiting to run (status created), as last counted by the reaper").register(registry);
        claimed = Counter.builder("browser_agent.tasks.claimed").description("Tasks this worker claimed").register(registry);
        stepLatency = Timer.builder("browser_agent.step.duration")
                .description("Time of one agent step: observation, model call, actions")
                .publishPercentiles(0.5, 0.95).register(registry);
        modelLatency = Timer.builder("browser_agent.model.call.duration")
                .description("Time of one model call that returned an answer")
                .publishPercentiles(0.5, 0.95).register(registry);
    }

    public AtomicInteger running() {
        return running;
    }

    public void queued(long count) {
        queued.set(count);
    }

    public void claimed() {
        claimed.increment();
    }

    public Timer stepLatency() {
        return stepLatency;
    }

    public Timer modelLatency() {
        return modelLatency;
    }

    /** A run that ended here: finished, failed, stopped, abandoned (stopped or taken over) or handed_back. */
    public void ended(String outcome) {
        Counter.builder("browser_agent.tasks.ended").description("Task runs that ended on this worker, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Runs slots in use, for the consumer. */
    public int runningCount() {
        return running.get();
    }
}
