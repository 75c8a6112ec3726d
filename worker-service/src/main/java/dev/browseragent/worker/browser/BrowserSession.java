package dev.browseragent.worker.browser;

import dev.browseragent.worker.network.BlockedRequest;
import dev.browseragent.worker.network.FilteringProxy;
import dev.browseragent.worker.network.TaskNetworkPolicy;
import dev.browseragent.worker.secret.TaskSecrets;
import org.jboss.logging.Logger;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One task's Chromium: the driver, where the browser runs ({@link BrowserHost}: this machine or a Selenium Grid node)
 * and the session's directory on this machine, all released by {@link #close()}. The session keeps track of the
 * current tab, which the agent and the model call by short ids.
 */
public final class BrowserSession implements AutoCloseable {

    /** How long a navigation the page announced may take to change the URL. */
    private static final Duration NAVIGATION_START = Duration.ofSeconds(2);
    private static final Duration NAVIGATION_POLL = Duration.ofMillis(15);

    /** The downloads' directory inside the profile, so closing the session deletes them too. */
    static final String DOWNLOADS = "downloads";
    /** Chromium's names for a download still in progress. */
    private static final List<String> PARTIAL_DOWNLOAD_SUFFIXES = List.of(".crdownload", ".tmp");

    private static final Logger LOG = Logger.getLogger(BrowserSession.class);

    private final RemoteWebDriver driver;
    private final DevToolsChannel cdp;
    private final BrowserHost host;
    private final Path profile;
    private final FilteringProxy network;
    private int viewportWidth;
    private int viewportHeight;
    /** Read by the DevTools channel, which may serve a live viewer's input on another thread. */
    private volatile String currentHandle;
    private TaskSecrets secrets = TaskSecrets.NONE;
    private final Runnable onClose;
    private volatile Optional<DownloadWatch> downloadWatch = Optional.empty();
    private final Screencast screencast;
    private boolean closed;

    BrowserSession(LaunchedBrowser browser, Path profile, FilteringProxy network, int viewportWidth,
                   int viewportHeight, Runnable onClose) {
        this.onClose = onClose;
        this.driver = browser.driver();
        this.host = browser.host();
        this.profile = profile;
        this.network = network;
        this.viewportWidth = viewportWidth;
        this.viewportHeight = viewportHeight;
        this.currentHandle = driver.getWindowHandle();
        this.cdp = DevToolsChannel.open(browser.cdp(), driver.getCapabilities(), () -> currentHandle);
        this.screencast = new Screencast(driver.getCapabilities(), currentHandle, viewportWidth, viewportHeight);
    }

    /** The session's directory on this machine (the local browser's profile), which {@link #close()} deletes. */
    public Path profile() {
        return profile;
    }

    /** Gives every tab, now and later, a viewport of exactly this size. */
    public void resizeViewport(int width, int height) {
        viewportWidth = width;
        viewportHeight = height;
        applyViewport();
        screencast.follow(currentHandle, viewportWidth, viewportHeight);
    }

    public RemoteWebDriver driver() {
        return driver;
    }

    /** Chrome DevTools commands to the current tab, whether the browser is local or on a Grid node. */
    public HasCdp cdp() {
        return cdp;
    }

    /**
     * Sends a DevTools command to the current tab and returns at once, so that the caller can do something else while
     * the browser works; {@link DevToolsChannel#await} gives its answer.
     */
    CompletableFuture<Map<String, Object>> sendCdp(String method, Map<String, Object> parameters) {
        return cdp.send(method, parameters);
    }

    /** The current tab as Chromium paints it, for whoever watches; it follows the session's tab switches. */
    public Screencast screencast() {
        return screencast;
    }

    /** Hands the browser's network to a task: from now on every request is judged by its policy. */
    public void applyNetworkPolicy(TaskNetworkPolicy policy) {
        network.apply(policy);
    }

    /**
     * The navigation the task's network policy refused since the last call, if any: a navigate or a click that
     * ends on the proxy's 403 page (or a failed tunnel) reports this as its outcome, so the model learns why.
     */
    public Optional<BlockedRequest> lastBlockedNavigation() {
        return network.takeLastBlockedNavigation();
    }

    /** The task's secrets, which actions substitute into what they type. */
    public TaskSecrets secrets() {
        return secrets;
    }

    public void useSecrets(TaskSecrets taskSecrets) {
        this.secrets = taskSecrets;
    }

    /** The short id the model uses for the current tab. */
    public String currentTabId() {
        return tabId(currentHandle);
    }

    /** The current tab's window handle, as tracked here: asking chromedriver would cost a round trip. */
    String currentHandle() {
        return currentHandle;
    }

    /** The open tabs, in the order they were opened. */
    public List<Tab> tabs() {
        // One CDP call gives every tab's URL and title without switching to it; a window handle is a target id.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) cdp
                .executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos");
        return driver.getWindowHandles().stream()
                .map(handle -> targets.stream()
                        .filter(target -> handle.equals(target.get("targetId")))
                        .findFirst()
                        .map(target -> new Tab(tabId(handle), (String) target.get("url"), (String) target.get("title")))
                        .orElseGet(() -> new Tab(tabId(handle), "", "")))
                .toList();
    }

    /**
     * The current tab's URL, from CDP: WebDriver's own URL command runs a script in the page, which a page that
     * replaces {@code JSON.stringify} breaks.
     */
    public String currentUrl() {
        Map<?, ?> target = (Map<?, ?>) cdp.executeCdpCommand("Target.getTargetInfo", Map.of()).get("targetInfo");
        return (String) target.get("url");
    }

    /** The window handles of all open tabs. */
    public Set<String> handles() {
        return driver.getWindowHandles();
    }

    /** Opens a new tab and makes it current. */
    public void openTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        currentHandle = driver.getWindowHandle();
        applyViewport();
        screencast.follow(currentHandle, viewportWidth, viewportHeight);
    }

    /**
     * Follows what an action did to the tabs, as a person would: a tab (or popup) it opened becomes current (the
     * newest if several); if it closed the current tab, the last one left becomes current.
     *
     * @return whether the action opened a tab
     */
    public boolean followTabChanges(Set<String> handlesBefore) {
        List<String> handles = List.copyOf(driver.getWindowHandles());
        List<String> opened = handles.stream().filter(handle -> !handlesBefore.contains(handle)).toList();
        if (!opened.isEmpty()) {
            switchTo(opened.get(opened.size() - 1));
            return true;
        } else if (!handles.contains(currentHandle) && !handles.isEmpty()) {
            switchTo(handles.get(handles.size() - 1));
        }
        return false;
    }

    /** Makes the tab with this short id current; false when there is none. */
    public boolean switchToTab(String tabId) {
        return handle(tabId).map(handle -> {
            switchTo(handle);
            return true;
        }).orElse(false);
    }

    /** Closes the tab with this short id (the last one left becomes current if it was); false when there is none. */
    public boolean closeTab(String tabId) {
        return handle(tabId).map(handle -> {
            driver.switchTo().window(handle).close();
            List<String> left = List.copyOf(driver.getWindowHandles());
            switchTo(handle.equals(currentHandle) ? left.get(left.size() - 1) : currentHandle);
            return true;
        }).orElse(false);
    }

    private Optional<String> handle(String tabId) {
        String wanted = tabId.strip();
        return driver.getWindowHandles().stream().filter(handle -> tabId(handle).equalsIgnoreCase(wanted)).findFirst();
    }

    /** Where the files the pages download are, once {@link #fetchDownload} brought them. */
    public Path downloadDirectory() {
        return profile.resolve(DOWNLOADS);
    }

    /** The downloads the browser finished, with their sizes (a Grid node keeps them until fetched). */
    public List<FinishedDownload> finishedDownloads() throws IOException {
        return host.finishedDownloads(downloadDirectory());
    }

    /** Brings a finished download into {@link #downloadDirectory()}: the path it is at then. */
    public Path fetchDownload(String name) throws IOException {
        host.fetchDownload(name, downloadDirectory());
        return downloadDirectory().resolve(name);
    }

    /**
     * Lets the watcher judge every download of this session while it runs, and cancels the ones it refuses, until the
     * session closes. Without a DevTools connection to the browser nothing is watched, and only finished downloads
     * can be judged.
     */
    public void watchDownloads(DownloadWatcher watcher) {
        downloadWatch = DownloadWatch.start(driver, watcher);
    }

    /** Whether a file in the download directory is still being downloaded (Chromium's names for that). */
    public static boolean isPartialDownload(String fileName) {
        return PARTIAL_DOWNLOAD_SUFFIXES.stream().anyMatch(fileName::endsWith);
    }

    /** The path the browser opens this worker file at (a Grid node gets a copy first), for a file input. */
    public String fileForBrowser(Path file) {
        return host.fileForBrowser(file);
    }

    private void switchTo(String handle) {
        driver.switchTo().window(handle);
        currentHandle = handle;
        applyViewport();
        screencast.follow(currentHandle, viewportWidth, viewportHeight);
    }

    /** Sets the current tab's viewport to exactly the session's size (window sizes include the browser's chrome). */
    void applyViewport() {
        cdp.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewportWidth,
                "height", viewportHeight,
                "deviceScaleFactor", 1,
                "mobile", false));
    }

    /** A tab's short id: the last four characters of its handle, enough to tell a task's few tabs apart. */
    static String tabId(String handle) {
        return handle.substring(Math.max(0, handle.length() - 4));
    }

    /**
     * After a click or a key press: waits for a navigation it may have started (a form submit starts one
     * asynchronously), so that the next action and the next observation see the new page, not the old one going
     * away. The URL is watched for {@code look}; then, unless the page announced it is being left, the wait ends;
     * if it did, the wait lasts until the URL changes, after which chromedriver itself waits for the new page to load.
     *
     * @param look    how long to watch the URL before asking the page
     * @param leaving whether the page announced it is being left (its {@code beforeunload}); asked once
     */
    public void awaitNavigationStartedBy(String urlBefore, Duration look, BooleanSupplier leaving) {
        long start = System.nanoTime();
        boolean announced = false;
        while (currentUrl().equals(urlBefore)) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= NAVIGATION_START.toNanos()) {
                return;
            }
            if (!announced && elapsed >= look.toNanos()) {
                announced = leaving.getAsBoolean();
                if (!announced) {
                    return;
                }
                continue;
            }
            try {
                Thread.sleep(NAVIGATION_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Quits the browser, ends what its host has left (chromedriver and processes of a local one) and deletes the
     * profile; never throws. Safe to call more than once and from another thread than the one using the session
     * (a stopped task's browser is closed under its run).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // A run interrupted at shutdown still closes its browser: Selenium's quit waits, which an interrupt cuts short.
        boolean interrupted = Thread.interrupted();
        try {
            quit();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the session at once, without waiting for the driver: kills chromedriver and Chromium (a Grid session is
     * quit on another thread), stops the filtering proxy and deletes the profile. For a session whose task was stopped or handed back while the run may still be using it: a WebDriver call in
     * progress then fails at once instead of being waited for.
     */
    public void terminate() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        screencast.close();
        cdp.close();
        downloadWatch.ifPresent(DownloadWatch::close);
        host.kill();
        network.close();
        deleteDirectory(profile);
        onClose.run();
    }

    private void quit() {
        screencast.close();
        cdp.close();
        downloadWatch.ifPresent(DownloadWatch::close);
        try {
            driver.quit();
        } catch (RuntimeException e) {
            LOG.warnf("Could not quit the browser cleanly: %s", e.getMessage());
        }
        host.release();
        network.close();
        deleteDirectory(profile);
        onClose.run();
    }

    static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not delete the browser profile %s: %s", directory, e.getMessage());
        }
    }
}
