package dev.browseragent.local.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (option.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[i + 1];
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
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number that is too small
        }
        throw new IllegalArgumentException(option + " takes a whole number >= " + minimum + ", not '" + value + "'\n"
                + USAGE);
    }
}
