package dev.browseragent.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services' process ids, kept in {@code <state>/run/<service>.pid} while they run. A launcher killed with
 * SIGKILL cannot stop its children; they would keep the ports, so the next start stops them first.
 */
final class ServicePidFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ServicePidFiles.class);
    /** Only a process running one of our packaged services is stopped, never one that merely reuses the pid. */
    private static final String SERVICE_MARKER = "quarkus-app/quarkus-run.jar";

    private final Path directory;

    ServicePidFiles(Path stateDirectory) {
        this.directory = stateDirectory.resolve("run");
    }

    void record(ServiceProcess service) {
        try {
            Files.createDirectories(directory);
            Files.writeString(file(service.name()), service.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file(service.name()), e);
        }
    }

    void forget(ServiceProcess service) {
        try {
            Files.deleteIfExists(file(service.name()));
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file(service.name()), e.toString());
        }
    }

    /** Stops the services an earlier launcher left running (SIGTERM, then SIGKILL after {@code grace}). */
    void stopLeftovers(Duration grace) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(directory, "*.pid")) {
            for (Path pidFile : pidFiles) {
                leftoverService(pidFile).ifPresent(process -> stop(process, pidFile, grace));
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the pid files in " + directory, e);
        }
    }

    private static Optional<ProcessHandle> leftoverService(Path pidFile) throws IOException {
        String pid = Files.readString(pidFile).strip();
        if (!pid.matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid))
                .filter(process -> process.info().commandLine().orElse("").contains(SERVICE_MARKER));
    }

    private static void stop(ProcessHandle process, Path pidFile, Duration grace) {
        String service = pidFile.getFileName().toString().replace(".pid", "");
        LOG.warn("Stopping the {} service (pid {}) that an earlier launcher left running", service, process.pid());
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
        Stream.concat(descendants.stream(), process.descendants()).filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Path file(String serviceName) {
        return directory.resolve(serviceName + ".pid");
    }
}
