package dev.browseragent.local.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code --option value} command lines of the benchmark mains. */
final class CommandLine {

    private CommandLine() {
    }

    /**
     * The options with their values, in order.
     *
     * @throws IllegalArgumentException with the usage for {@code --help} or an option without a value
     */
    static Map<String, String> options(String[] args, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (option.equals("--help")) {
                throw new IllegalArgumentException(usage);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage);
            }
            options.put(option, args[i + 1]);
        }
        return options;
    }

    /** @throws IllegalArgumentException with the usage when the value is not a whole number of at least the minimum */
    static int number(String option, String value, int minimum, String usage) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number that is too small
        }
        throw new IllegalArgumentException(option + " takes a whole number >= " + minimum + ", not '" + value + "'\n"
                + usage);
    }

    /** The parsed options; for a bad command line, the message on stderr and exit status 2. */
    static <T> T parseOrExit(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
    }
}
