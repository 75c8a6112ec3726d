package dev.browseragent.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of the stack running as a child process: its output relayed to the console and a log file, a
 * readiness wait on its health endpoint, and a stop that leaves nothing behind (the worker's Chromium and
 * chromedriver included). It can be started again after a stop, e.g. by a test that restarts the worker.
 */
public final class ServiceProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path logFile;
    private final URI readinessUri;
    private final PrintStream console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    /** Read without the lock by {@link #lastLines()} and {@link #awaitReady}, which must not wait for a stop. */
    private volatile OutputRelay relay;

    /**
     * @param environment added to the launcher's own environment
     * @param readinessUri answers 200 once the service is ready
     */
    public ServiceProcess(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                          Path logFile, URI readinessUri, PrintStream console) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.logFile = logFile;
        this.readinessUri = readinessUri;
        this.console = console;
    }

    public String name() {
        return name;
    }

    /** Starts the process; see {@link #awaitReady(Duration)}. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new LocalStackException("Cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        relay = new OutputRelay(name, console, logFile);
        relay.start(process.getInputStream());
        LOG.info("Started {} (pid {}), output also in {}", name, process.pid(), logFile);
    }

    /**
     * Waits until the readiness endpoint answers 200.
     *
     * @throws LocalStackException if the process exits first or the time is up, with its last log lines
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = currentProcess();
            if (current == null) {
                throw new IllegalStateException(name + " was never started");
            }
            if (!current.isAlive()) {
                relay.awaitEnd();
                throw new LocalStackException(name + " exited with code " + current.exitValue() + " before it was ready",
                        lastLines(), null);
            }
            if (answersReady()) {
                LOG.info("{} is ready ({})", name, readinessUri);
                return;
            }
            sleep(PROBE_INTERVAL);
        }
        throw new LocalStackException(name + " was not ready after " + timeout.toSeconds() + " s (" + readinessUri + ")",
                lastLines(), null);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Completes when the current process has exited and its last output lines are copied. */
    public synchronized CompletableFuture<Process> onExit() {
        if (process == null) {
            return CompletableFuture.completedFuture(null);
        }
        OutputRelay current = relay;
        return process.onExit().thenApply(exited -> {
            current.awaitEnd();
            return exited;
        });
    }

    /** The process's id while it runs. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** The last lines the service printed. */
    public List<String> lastLines() {
        OutputRelay current = relay;
        return current == null ? List.of() : current.lastLines();
    }

    /**
     * Asks the service to stop (SIGTERM) and waits up to {@code grace}; then kills it. Either way, processes it
     * started (Chromium, chromedriver) are killed too: once their parent is gone they would otherwise live on,
     * re-parented and out of reach of {@link ProcessHandle#descendants()}.
     */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        if (!process.isAlive()) {
            relay.awaitEnd();
            LOG.info("{} had already exited (exit code {})", name, process.exitValue());
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        // Signal through the handle: Process.destroy() would also close the output pipe and lose the shutdown lines.
        process.toHandle().destroy();
        boolean exited = waitFor(process, grace);
        if (!exited) {
            LOG.warn("{} did not stop within {} ms; killing it", name, grace.toMillis());
            descendants = concat(descendants, process.descendants().toList());
            process.toHandle().destroyForcibly();
            waitFor(process, Duration.ofSeconds(5));
        }
        killAll(descendants);
        relay.awaitEnd();
        LOG.info("Stopped {} (exit code {})", name, process.isAlive() ? "unknown" : process.exitValue());
    }

    private synchronized Process currentProcess() {
        return process;
    }

    private boolean answersReady() {
        HttpRequest request = HttpRequest.newBuilder(readinessUri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for " + name);
        }
    }

    private static void killAll(List<ProcessHandle> processes) {
        processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Process {} ({}) did not exit after SIGKILL", handle.pid(), handle.info().command().orElse("?"));
            }
        }
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> first, List<ProcessHandle> second) {
        return Stream.concat(first.stream(), second.stream()).distinct().toList();
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted");
        }
    }
}
