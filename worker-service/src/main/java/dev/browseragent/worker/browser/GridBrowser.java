package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.io.Zip;
import org.openqa.selenium.remote.Augmenter;
import org.openqa.selenium.remote.DriverCommand;
import org.openqa.selenium.remote.RemoteExecuteMethod;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Chrome on a Selenium Grid node. Chrome DevTools commands go through the Grid like any WebDriver command (the
 * {@code goog/cdp/execute} endpoint, added by Selenium's {@link Augmenter}); files for file inputs are uploaded to the
 * node first (the command Selenium's {@code LocalFileDetector} uses); downloads stay on the node (Grid's managed
 * downloads, {@code se:downloadsEnabled}) until fetched. The node owns the profile and the processes: ending the
 * session is asking the Grid to, and a session whose worker died ends by the Grid's session timeout.
 */
final class GridBrowser implements BrowserHost {

    private static final Logger LOG = Logger.getLogger(GridBrowser.class);
    /** Asks the Grid for a node that keeps the session's downloads for the worker to fetch. */
    private static final String DOWNLOADS_ENABLED = "se:downloadsEnabled";

    private final RemoteWebDriver driver;

    private GridBrowser(RemoteWebDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a session on the Grid.
     *
     * @throws SessionNotCreatedException when the Grid gives no session, or one without Chrome DevTools commands
     */
    static LaunchedBrowser start(URI grid, ChromeOptions options) {
        options.setCapability(DOWNLOADS_ENABLED, true);
        RemoteWebDriver remote;
        try {
            remote = new RemoteWebDriver(grid.toURL(), options);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new SessionNotCreatedException("browser-agent.browser.grid-url is not a URL: " + grid, e);
        }
        if (!remote.isDownloadsEnabled()) {
            remote.quit();
            throw new SessionNotCreatedException("The Selenium Grid at " + grid + " does not keep downloads for the"
                    + " worker; start its nodes with managed downloads (--enable-managed-downloads true)");
        }
        WebDriver augmented = new Augmenter().augment(remote);
        if (!(augmented instanceof HasCdp cdp)) {
            remote.quit();
            throw new SessionNotCreatedException("The Selenium Grid at " + grid + " started a "
                    + remote.getCapabilities().getBrowserName() + " without Chrome DevTools commands; the worker needs"
                    + " Chrome or Chromium nodes");
        }
        return new LaunchedBrowser((RemoteWebDriver) augmented, cdp, new GridBrowser(remote));
    }

    @Override
    public void release() {
        // The quit ended the session on the node, processes and profile included.
    }

    @Override
    public void kill() {
        // Nothing here to kill: quitting on another thread ends the session on the node without holding the caller.
        Thread quit = new Thread(() -> {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                LOG.debugf("Quitting the ended Grid session: %s", e.getMessage());
            }
        }, "grid-session-quit");
        quit.setDaemon(true);
        quit.start();
    }

    @Override
    public String fileForBrowser(Path file) {
        try {
            return (String) new RemoteExecuteMethod(driver).execute(DriverCommand.UPLOAD_FILE,
                    Map.of("file", Zip.zip(file.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack " + file.getFileName() + " for the Grid", e);
        }
    }

    /** The Grid's listing gives each file's size, so that one over a limit is refused without being fetched. */
    @Override
    public List<FinishedDownload> finishedDownloads(Path directory) {
        try {
            return driver.getDownloadedFiles().stream()
                    .filter(file -> !BrowserSession.isPartialDownload(file.getName()))
                    .map(file -> new FinishedDownload(file.getName(), file.getSize()))
                    .toList();
        } catch (WebDriverException e) {
            LOG.warnf("Could not list the downloads on the Grid: %s", BrowserErrors.summary(e));
            return List.of();
        }
    }

    @Override
    public void fetchDownload(String name, Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            driver.downloadFile(name, directory);
        } catch (WebDriverException e) {
            throw new IOException("the Grid did not hand it over: " + BrowserErrors.summary(e), e);
        }
    }
}
