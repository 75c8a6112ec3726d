package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes behind one session: its chromedriver, the Chromium it started and every helper process of that
 * Chromium. Found by what marks them (the driver's port, the session's profile directory on Chromium's command
 * line) rather than by parentage alone, because a Chromium whose driver died is re-parented out of reach.
 */
final class BrowserProcesses {

    private static final Logger LOG = Logger.getLogger(BrowserProcesses.class);
    private static final String PROFILE_FLAG = "--user-data-dir=";

    private final Optional<ProcessHandle> chromedriver;
    private final Path profile;

    private BrowserProcesses(Optional<ProcessHandle> chromedriver, Path profile) {
        this.chromedriver = chromedriver;
        this.profile = profile;
    }

    /** The chromedriver this JVM started on {@code port}, and the Chromium using {@code profile}. */
    static BrowserProcesses of(int driverPort, Path profile) {
        String portFlag = "--port=" + driverPort;
        Optional<ProcessHandle> driver = ProcessHandle.current().children()
                .filter(child -> isChromedriver(child) && arguments(child).contains(portFlag))
                .findFirst();
        return new BrowserProcesses(driver, profile);
    }

    Optional<ProcessHandle> chromedriver() {
        return chromedriver;
    }

    /** Every process of the session still alive. */
    List<ProcessHandle> alive() {
        Stream<ProcessHandle> driverTree = chromedriver.stream()
                .flatMap(driver -> Stream.concat(Stream.of(driver), driver.descendants()));
        return Stream.concat(driverTree, usingProfileUnder(profile))
                .filter(ProcessHandle::isAlive)
                .distinct()
                .toList();
    }

    /** Kills what a clean quit left running. */
    void killRemaining() {
        List<ProcessHandle> remaining = alive();
        if (!remaining.isEmpty()) {
            LOG.debugf("Killing %d browser processes left after quitting the session in %s", remaining.size(), profile);
            kill(remaining);
        }
    }

    /** Chromium processes whose profile directory is {@code directory} or inside it. */
    static Stream<ProcessHandle> usingProfileUnder(Path directory) {
        String flag = PROFILE_FLAG + directory;
        return ProcessHandle.allProcesses().filter(process -> arguments(process).contains(flag));
    }

    static boolean isChromedriver(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("chromedriver")).orElse(false);
    }

    static boolean isBrowserProcess(ProcessHandle process) {
        return isChromedriver(process) || arguments(process).contains(PROFILE_FLAG);
    }

    /** SIGKILL to each, then waits (briefly) until they are gone. */
    static void kill(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("Browser process %d did not exit after SIGKILL", process.pid());
            }
        }
    }

    private static String arguments(ProcessHandle process) {
        return process.info().arguments().map(arguments -> String.join(" ", arguments)).orElse("");
    }
}
