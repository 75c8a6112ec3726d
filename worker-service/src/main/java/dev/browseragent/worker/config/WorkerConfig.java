package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How this worker takes, keeps and gives back tasks. Env: {@code BROWSER_AGENT_WORKER_*}. */
public interface WorkerConfig {

    /** This worker's name in {@code tasks.worker_id}; defaults to the host name plus the process id. */
    Optional<String> id();

    /** Tasks this worker runs at once, each in its own Chromium. */
    @WithDefault("2")
    int maxConcurrentTasks();

    /** How long a claim holds without a heartbeat; after that the task counts as abandoned and is recovered. */
    @WithDefault("30s")
    Duration leaseDuration();

    /** How often a running task's lease is extended and its requested state (stop, pause, resume) read. */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /**
     * How long before its lease would run out, unconfirmed (the database unreachable or too slow), a run is given up
     * and its browser killed; also the longest a heartbeat waits for the database. It must exceed the time a browser
     * takes to die, so that no browser still acts on the web once another worker may claim the task. Default: a
     * third of {@code lease-duration}, at most 5 s.
     */
    Optional<Duration> leaseSafetyMargin();

    /** {@link #leaseSafetyMargin()} as set, or its default. */
    default Duration effectiveLeaseSafetyMargin() {
        Duration third = leaseDuration().dividedBy(3);
        return leaseSafetyMargin().orElse(third.compareTo(Duration.ofSeconds(5)) < 0 ? third : Duration.ofSeconds(5));
    }

    /** Attempts a task gets; when the last one's worker stops responding, the task fails. */
    @WithDefault("3")
    int maxAttempts();

    /** How often the reaper looks for expired leases and dispatches nobody claimed. */
    @WithDefault("5s")
    Duration reaperInterval();

    /** A dispatched task nobody claimed for this long is dispatched again. */
    @WithDefault("2m")
    Duration redispatchUnclaimedAfter();

    /** How long a paused task keeps its browser; then it is stopped. */
    @WithDefault("10m")
    Duration maxPause();

    /** The longest a task may run (pauses included); then it fails. */
    @WithDefault("30m")
    Duration maxRunTime();

    /**
     * On SIGTERM, how long running tasks may go on before they are handed back to the queue; keep it well below the
     * time the platform waits before it kills the process (Kubernetes: 30 s, the local launcher: 20 s).
     */
    @WithDefault("10s")
    Duration shutdownGrace();
}
