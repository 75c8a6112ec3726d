package dev.browseragent.local.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The command line of {@link Soak}; every option has a default.
 *
 * @param duration       how long tasks are submitted and workers killed
 * @param tasks          tasks submitted, spread evenly over the duration
 * @param killEvery      how often a worker is killed with SIGKILL (one after the other) and started again
 * @param sampleEvery    how often each worker's memory and open files are read
 * @param warmUp         how long after its start a worker's samples are not judged
 * @param stateDirectory the stack's data and service logs; wiped by the script, so every run starts empty
 */
record SoakOptions(Duration duration, int tasks, Duration killEvery, Duration sampleEvery, Duration warmUp,
                   Path stateDirectory) {

    static final String USAGE = "usage: deploy/local/soak [--duration 1h] [--tasks 500] [--kill-every 10m]"
            + " [--sample-every 1m] [--warm-up 5m] [--state-dir deploy/local/target/soak-state]"
            + " (durations as 90s, 3m or 1h)";

    /** @throws IllegalArgumentException with {@link #USAGE} for an unknown option or a bad value */
    static SoakOptions parse(String[] args, Path repoRoot) {
        Duration duration = Duration.ofHours(1);
        int tasks = 500;
        Duration killEvery = Duration.ofMinutes(10);
        Duration sampleEvery = Duration.ofMinutes(1);
        Duration warmUp = Duration.ofMinutes(5);
        Path stateDirectory = repoRoot.resolve("deploy/local/target/soak-state");
        for (Map.Entry<String, String> entry : CommandLine.options(args, USAGE).entrySet()) {
            String option = entry.getKey();
            String value = entry.getValue();
            switch (option) {
                case "--duration" -> duration = duration(option, value);
                case "--tasks" -> tasks = CommandLine.number(option, value, 1, USAGE);
                case "--kill-every" -> killEvery = duration(option, value);
                case "--sample-every" -> sampleEvery = duration(option, value);
                case "--warm-up" -> warmUp = duration(option, value);
                case "--state-dir" -> stateDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new SoakOptions(duration, tasks, killEvery, sampleEvery, warmUp, stateDirectory.toAbsolutePath().normalize());
    }

    private static Duration duration(String option, String value) {
        return CommandLine.duration(option, value, USAGE);
    }
}
