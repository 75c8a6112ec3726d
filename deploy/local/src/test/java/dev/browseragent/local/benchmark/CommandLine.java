package dev.browseragent.local.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code --option value} command lines of the benchmark mains. */
final class CommandLine {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

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

    /** @throws IllegalArgumentException with the usage when the value is not a duration such as 500ms, 90s, 3m or 1h */
    static Duration duration(String option, String value, String usage) {
        Matcher matcher = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException(option + " takes a duration such as 90s, 3m or 1h, not '" + value + "'\n"
                    + usage);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** As the options are written, e.g. {@code 3m}, {@code 90s} or {@code 500ms}. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
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
