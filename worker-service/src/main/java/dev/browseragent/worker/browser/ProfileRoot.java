package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;
import org.openqa.selenium.SessionNotCreatedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where this worker process keeps its browser profiles: {@code <profile-root>/worker-<pid>/}, marked with an
 * {@code owner} file (the process id and start time). A directory whose owner is gone was left by a worker that was
 * killed; {@link #reapLeftovers()} kills the Chromium and chromedriver processes it left and deletes it. Only
 * directories with that mark are touched, so nothing this service did not start is reaped.
 */
final class ProfileRoot {

    private static final Logger LOG = Logger.getLogger(ProfileRoot.class);
    private static final String OWNER_FILE = "owner";
    private static final String DRIVER_PID_SUFFIX = ".driver-pid";

    private final Path root;
    private final Path instance;
    private boolean deleted;

    ProfileRoot(Path root) {
        this.root = root;
        ProcessHandle self = ProcessHandle.current();
        this.instance = root.resolve("worker-" + self.pid());
        try {
            Files.createDirectories(instance);
            Files.writeString(instance.resolve(OWNER_FILE), ownerMark(self));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the browser profile directory " + instance, e);
        }
    }

    /** A new, empty profile directory for one session; refused once the worker is stopping. */
    synchronized Path newProfile() {
        if (deleted) {
            throw new SessionNotCreatedException("this worker is stopping");
        }
        try {
            return Files.createDirectory(instance.resolve("session-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a browser profile directory in " + instance, e);
        }
    }

    /** Notes the session's chromedriver, so a successor can kill it if this process dies. */
    void recordDriver(Path profile, ProcessHandle chromedriver) {
        try {
            Files.writeString(driverPidFile(profile), String.valueOf(chromedriver.pid()));
        } catch (IOException e) {
            LOG.warnf("Could not record the chromedriver of %s: %s", profile, e.getMessage());
        }
    }

    void forget(Path profile) {
        try {
            Files.deleteIfExists(driverPidFile(profile));
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", driverPidFile(profile), e.getMessage());
        }
    }

    /**
     * As the worker stops: deletes this worker's directory with whatever profiles are left in it, after ending any
     * browser still using one (a start the pool could not wait for); no profile is created after this.
     */
    synchronized void delete() {
        deleted = true;
        try {
            killAndDelete(instance);
        } catch (IOException e) {
            LOG.warnf("Could not end the browsers left in %s: %s", instance, e.getMessage());
            BrowserSession.deleteDirectory(instance);
        }
    }

    /** Kills the browsers and deletes the profiles of workers that died on this machine; returns how many it reaped. */
    int reapLeftovers() {
        int reaped = 0;
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(root, "worker-*")) {
            for (Path other : instances) {
                if (!other.equals(instance) && Files.isRegularFile(other.resolve(OWNER_FILE)) && !ownerAlive(other)) {
                    reap(other);
                    reaped++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not look for browsers left by earlier workers in %s: %s", root, e.getMessage());
        }
        return reaped;
    }

    private void reap(Path leftover) throws IOException {
        int killed = killAndDelete(leftover);
        LOG.infof("Reaped %d browser processes and the profiles in %s, left by a worker that is gone", killed, leftover);
    }

    /** Kills the chromedrivers recorded in a worker directory and the Chromiums using its profiles, then deletes it. */
    private static int killAndDelete(Path directory) throws IOException {
        List<ProcessHandle> drivers = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DRIVER_PID_SUFFIX)) {
                for (Path file : files) {
                    readPid(file).flatMap(ProcessHandle::of).filter(BrowserProcesses::isChromedriver).ifPresent(drivers::add);
                }
            }
        }
        List<ProcessHandle> processes = Stream.concat(drivers.stream(), BrowserProcesses.usingProfileUnder(directory))
                .distinct().toList();
        BrowserProcesses.kill(processes);
        BrowserSession.deleteDirectory(directory);
        return processes.size();
    }

    private static boolean ownerAlive(Path other) throws IOException {
        String[] mark = Files.readString(other.resolve(OWNER_FILE)).strip().split(" ", 2);
        Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(mark[0]));
        return owner.isPresent() && owner.get().isAlive() && ownerMark(owner.get()).equals(String.join(" ", mark));
    }

    /** The pid and start time: a pid alone may have been reused by an unrelated process. */
    private static String ownerMark(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path driverPidFile(Path profile) {
        return profile.resolveSibling(profile.getFileName() + DRIVER_PID_SUFFIX);
    }
}
