package dev.browseragent.local;

import java.nio.file.Path;

/**
 * {@code ./deploy/local/run}: starts the local stack configured from the environment, prints where it is, and
 * runs until Ctrl-C or SIGTERM (or until a service dies, which stops the rest).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        LocalStackConfig config;
        try {
            config = LocalStackConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            exit("Browser Agent did not start: " + e.getMessage());
            return;
        }

        LocalStack stack = new LocalStack(config);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-local-stack"));
        try {
            stack.start();
        } catch (LocalStackException e) {
            e.details().forEach(line -> System.err.println("  | " + line));
            exit("Browser Agent did not start: " + e.getMessage());
            return;
        }

        System.out.println();
        System.out.println(stack.banner());
        System.out.println();

        ServiceProcess exited = stack.anyServiceExit().join();
        if (!stack.isClosing()) {
            exit("Browser Agent stopped: the " + exited.name() + " service exited on its own (see "
                    + config.stateDirectory().resolve("logs").resolve(exited.name() + ".log") + ")");
        }
    }

    /** Prints the message and exits with code 1; the shutdown hook stops whatever runs. */
    private static void exit(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
