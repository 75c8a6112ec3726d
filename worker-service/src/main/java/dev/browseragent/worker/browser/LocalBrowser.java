package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import org.jboss.logging.Logger;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Chromium on this machine with its own chromedriver, in the session's profile directory; whatever of their process
 * tree a quit leaves is killed. Chromium saves downloads straight into the session's download directory.
 */
final class LocalBrowser implements BrowserHost {

    private static final Logger LOG = Logger.getLogger(LocalBrowser.class);

    private final ChromeDriverService service;
    private final BrowserProcesses processes;

    private LocalBrowser(ChromeDriverService service, BrowserProcesses processes) {
        this.service = service;
        this.processes = processes;
    }

    /**
     * Starts chromedriver and Chromium with the given options in {@code profile}.
     *
     * @throws SessionNotCreatedException when Chromium or chromedriver cannot be started (nothing is left running)
     */
    static LaunchedBrowser start(BrowserConfig config, BrowserLaunch launch, ChromeOptions options, Path profile,
                                 ProfileRoot profiles) {
        launch.handOver(profile);
        ChromeDriverService service = launch.driverService(profile);
        options.setBinary(config.chromium());
        options.addArguments("--user-data-dir=" + profile);
        // Downloads land, without a prompt, in the session's own directory, where the agent collects them. A page may
        // start several at once (an "all attachments" link): Chromium's own limit on automatic downloads would block
        // all but the first, silently to the model, so the task's download caps decide instead (docs/agent.md).
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", profile.resolve(BrowserSession.DOWNLOADS).toString(),
                "download.prompt_for_download", false,
                "profile.default_content_setting_values.automatic_downloads", 1));
        try {
            service.start();
            BrowserProcesses processes = BrowserProcesses.of(service.getUrl().getPort(), profile);
            processes.chromedriver().ifPresent(chromedriver -> profiles.recordDriver(profile, chromedriver));
            ChromeDriver driver = new ChromeDriver(service, options);
            return new LaunchedBrowser(driver, driver, new LocalBrowser(service, processes));
        } catch (IOException | RuntimeException e) {
            service.stop();
            BrowserProcesses.of(service.getUrl().getPort(), profile).killRemaining();
            throw e instanceof RuntimeException failure ? failure
                    : new SessionNotCreatedException("chromedriver did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        stopChromedriver(Logger.Level.WARN);
        processes.killRemaining();
    }

    @Override
    public void kill() {
        processes.killRemaining();
        // Killed first, so its stop may well fail: not worth a warning.
        stopChromedriver(Logger.Level.DEBUG);
    }

    private void stopChromedriver(Logger.Level failureLevel) {
        try {
            service.stop();
        } catch (RuntimeException e) {
            LOG.logf(failureLevel, "Could not stop chromedriver cleanly: %s", e.getMessage());
        }
    }

    @Override
    public String fileForBrowser(Path file) {
        return file.toAbsolutePath().toString();
    }

    @Override
    public List<FinishedDownload> finishedDownloads(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<FinishedDownload> finished = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = path.getFileName().toString();
                if (!BrowserSession.isPartialDownload(name)) {
                    finished.add(new FinishedDownload(name, Files.size(path)));
                }
            }
        }
        return finished;
    }

    @Override
    public void fetchDownload(String name, Path directory) {
        // Chromium saved it there itself.
    }
}
