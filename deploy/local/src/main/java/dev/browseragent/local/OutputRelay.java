package dev.browseragent.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Copies a child process's output, line by line, to the launcher's console with a {@code [name] } prefix and to
 * a log file, and remembers the last lines for error messages.
 */
final class OutputRelay {

    private static final int REMEMBERED_LINES = 40;

    private final String prefix;
    private final PrintStream console;
    private final Path logFile;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private Thread thread;

    OutputRelay(String name, PrintStream console, Path logFile) {
        this.prefix = "[" + name + "] ";
        this.console = console;
        this.logFile = logFile;
    }

    /** Starts copying on a daemon thread; it ends when the stream does (the process exited). */
    void start(InputStream output) {
        thread = new Thread(() -> copy(output), "output-" + prefix.strip());
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits a little for the last lines of an exited process to be copied. */
    void awaitEnd() {
        if (thread == null) {
            return;
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<String> lastLines() {
        return List.copyOf(lastLines);
    }

    private void copy(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                console.println(prefix + line);
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                remember(line);
            }
        } catch (IOException e) {
            console.println(prefix + "(output no longer copied: " + e + ")");
        }
    }

    private synchronized void remember(String line) {
        if (lastLines.size() == REMEMBERED_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
    }
}
