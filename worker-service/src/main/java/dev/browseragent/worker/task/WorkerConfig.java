package dev.browseragent.worker.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How this worker takes and keeps tasks. Env: {@code BROWSER_AGENT_WORKER_*}. */
@ConfigMapping(prefix = "browser-agent.worker")
public interface WorkerConfig {

    /** This worker's name in {@code tasks.worker_id}; defaults to the host name plus the process id. */
    Optional<String> id();

    /** Tasks this worker runs at once, each in its own Chromium. */
    @WithDefault("2")
    int maxConcurrentTasks();

    /** How long a claim holds without a heartbeat; after that the task counts as abandoned. */
    @WithDefault("60s")
    Duration leaseDuration();

    /** How often a running task's lease is extended. */
    @WithDefault("5s")
    Duration heartbeatInterval();
}
