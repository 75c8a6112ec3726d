package dev.browseragent.local.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link LeaseBenchmark}; every option has a default, the workers' own where they have one.
 *
 * @param leases            the sizes measured: running tasks, each a lease, e.g. 400 and 4000
 * @param slots             leases per simulated worker (its {@code max-concurrent-tasks})
 * @param connections       database connections the simulated workers share, as through PgBouncer in transaction mode
 * @param warmUp            before each measured series, not counted
 * @param heartbeatsOnly    the first series of each size: only heartbeats
 * @param mixed             the second series: heartbeats with claims, ends, steps and the reaper alongside
 * @param heartbeatInterval the worker's {@code heartbeat-interval}
 * @param lease             the worker's {@code lease-duration}
 * @param safetyMargin      the worker's {@code lease-safety-margin}: a heartbeat slower than this would be cancelled
 * @param stepEvery         each running task records a step this often (model call plus the agent's own time)
 * @param taskLength        each running task is replaced this often: one claim and one end
 * @param reaperInterval    the worker's {@code reaper-interval}; every simulated worker runs the reaper, as every
 *                          worker does
 * @param stateDirectory    PostgreSQL's data; wiped by the script, so every run starts empty
 */
record LeaseOptions(List<Integer> leases, int slots, int connections, Duration warmUp, Duration heartbeatsOnly,
                    Duration mixed, Duration heartbeatInterval, Duration lease, Duration safetyMargin,
                    Duration stepEvery, Duration taskLength, Duration reaperInterval, Path stateDirectory) {

    static final String USAGE = "usage: deploy/local/benchmark-leases [--leases 400,1000,2000,4000] [--slots 4]"
            + " [--connections 16] [--warm-up 5s] [--heartbeats-only 20s] [--mixed 30s] [--heartbeat-interval 1s]"
            + " [--lease 30s] [--safety-margin 5s] [--step-every 3s] [--task-length 30s] [--reaper-interval 5s]"
            + " [--state-dir deploy/local/target/lease-benchmark-state] (durations as 500ms, 90s or 3m)";

    /** @throws IllegalArgumentException with {@link #USAGE} for an unknown option or a bad value */
    static LeaseOptions parse(String[] args, Path repoRoot) {
        List<Integer> leases = List.of(400, 1000, 2000, 4000);
        int slots = 4;
        int connections = 16;
        Duration warmUp = Duration.ofSeconds(5);
        Duration heartbeatsOnly = Duration.ofSeconds(20);
        Duration mixed = Duration.ofSeconds(30);
        Duration heartbeatInterval = Duration.ofSeconds(1);
        Duration lease = Duration.ofSeconds(30);
        Duration safetyMargin = Duration.ofSeconds(5);
        Duration stepEvery = Duration.ofSeconds(3);
        Duration taskLength = Duration.ofSeconds(30);
        Duration reaperInterval = Duration.ofSeconds(5);
        Path stateDirectory = repoRoot.resolve("deploy/local/target/lease-benchmark-state");
        for (Map.Entry<String, String> entry : CommandLine.options(args, USAGE).entrySet()) {
            String option = entry.getKey();
            String value = entry.getValue();
            switch (option) {
                case "--leases" -> leases = Arrays.stream(value.split(",")).map(size -> number(option, size, 1)).toList();
                case "--slots" -> slots = number(option, value, 1);
                case "--connections" -> connections = number(option, value, 1);
                case "--warm-up" -> warmUp = duration(option, value);
                case "--heartbeats-only" -> heartbeatsOnly = duration(option, value);
                case "--mixed" -> mixed = duration(option, value);
                case "--heartbeat-interval" -> heartbeatInterval = duration(option, value);
                case "--lease" -> lease = duration(option, value);
                case "--safety-margin" -> safetyMargin = duration(option, value);
                case "--step-every" -> stepEvery = duration(option, value);
                case "--task-length" -> taskLength = duration(option, value);
                case "--reaper-interval" -> reaperInterval = duration(option, value);
                case "--state-dir" -> stateDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (safetyMargin.plus(heartbeatInterval).compareTo(lease) >= 0) {
            throw new IllegalArgumentException("--safety-margin plus --heartbeat-interval must be shorter than --lease,"
                    + " as the worker requires\n" + USAGE);
        }
        return new LeaseOptions(leases, slots, connections, warmUp, heartbeatsOnly, mixed, heartbeatInterval, lease,
                safetyMargin, stepEvery, taskLength, reaperInterval, stateDirectory.toAbsolutePath().normalize());
    }

    private static int number(String option, String value, int minimum) {
        return CommandLine.number(option, value, minimum, USAGE);
    }

    private static Duration duration(String option, String value) {
        return CommandLine.duration(option, value, USAGE);
    }
}
