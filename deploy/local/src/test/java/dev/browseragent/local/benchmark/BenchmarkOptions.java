package dev.browseragent.local.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link StackBenchmark}; every option has a default.
 *
 * @param requests       measured run-task requests per concurrency level
 * @param warmup         run-task requests sent before each measured series and not counted
 * @param concurrencies  the concurrency levels of the acknowledgement series, e.g. 1 and 16
 * @param tasks          tasks of the end-to-end series, run one at a time
 * @param stateDirectory the stack's data and service logs; must not exist yet or be empty, so every run starts
 *                       from an empty database
 */
record BenchmarkOptions(int requests, int warmup, List<Integer> concurrencies, int tasks, Path stateDirectory) {

    static final String USAGE = "usage: StackBenchmark [--requests 1000] [--warmup 300] [--concurrency 1,16]"
            + " [--tasks 10] [--state-dir deploy/local/target/benchmark-state]";

    /** @throws IllegalArgumentException with {@link #USAGE} for an unknown option or a bad number */
    static BenchmarkOptions parse(String[] args, Path repoRoot) {
        int requests = 1000;
        int warmup = 300;
        List<Integer> concurrencies = List.of(1, 16);
        int tasks = 10;
        Path stateDirectory = repoRoot.resolve("deploy/local/target/benchmark-state");
        for (Map.Entry<String, String> entry : CommandLine.options(args, USAGE).entrySet()) {
            String option = entry.getKey();
            String value = entry.getValue();
            switch (option) {
                case "--requests" -> requests = number(option, value, 1);
                case "--warmup" -> warmup = number(option, value, 0);
                case "--concurrency" -> concurrencies = Arrays.stream(value.split(","))
                        .map(level -> number(option, level, 1)).toList();
                case "--tasks" -> tasks = number(option, value, 1);
                case "--state-dir" -> stateDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(requests, warmup, concurrencies, tasks, stateDirectory.toAbsolutePath().normalize());
    }

    private static int number(String option, String value, int minimum) {
        return CommandLine.number(option, value, minimum, USAGE);
    }
}
