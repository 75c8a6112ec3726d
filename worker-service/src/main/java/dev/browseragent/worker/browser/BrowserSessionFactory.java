package dev.browseragent.worker.browser;

import dev.browseragent.worker.network.FilteringProxy;
import dev.browseragent.worker.network.NetworkRules;
import jakarta.enterprise.context.ApplicationScoped;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts Chromium sessions: each with its own chromedriver, its own throw-away profile under this worker's
 * {@link ProfileRoot}, an exact viewport. The {@link BrowserPool} starts them ahead of the tasks that use them.
 */
@ApplicationScoped
public class BrowserSessionFactory {

    /** Flags that run Chromium headless as root on an offline server without background chatter. */
    private static final String[] FLAGS = {
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"};

    /**
     * Every request through the session's filtering proxy: loopback too ({@code <-loopback>} removes Chromium's
     * implicit bypass), no QUIC (UDP would go around an HTTP proxy), no WebRTC UDP outside the proxy, no DNS
     * prefetching (host names are the proxy's to resolve).
     */
    private static final String[] NETWORK_FLAGS = {
            "--proxy-bypass-list=<-loopback>", "--disable-quic", "--dns-prefetch-disable",
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter"};

    private final BrowserConfig config;
    private final NetworkRules networkRules;
    private final ProfileRoot profiles;

    public BrowserSessionFactory(BrowserConfig config, NetworkRules networkRules) {
        this.config = config;
        this.networkRules = networkRules;
        this.profiles = new ProfileRoot(Path.of(config.profileRoot()
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "browser-agent-profiles").toString())));
    }

    /** Deletes this worker's profile directory; for the end of the worker, once every session is closed. */
    void deleteProfiles() {
        profiles.delete();
    }

    /** Kills the browsers and deletes the profiles a killed predecessor on this machine left; returns how many. */
    int reapLeftovers() {
        return profiles.reapLeftovers();
    }

    /**
     * Opens a browser whose viewport is exactly the given size. The caller closes the session, which also deletes
     * the profile directory.
     *
     * @throws SessionNotCreatedException when Chromium or chromedriver cannot be started
     */
    public BrowserSession open(int viewportWidth, int viewportHeight) {
        Path profile = profiles.newProfile();
        FilteringProxy network = FilteringProxy.start(networkRules);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(config.chromedriver()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(config.chromium());
        options.addArguments(FLAGS);
        options.addArguments(NETWORK_FLAGS);
        options.addArguments("--proxy-server=http://127.0.0.1:" + network.port());
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + viewportWidth + "," + viewportHeight);
        options.setPageLoadTimeout(config.pageLoadTimeout());
        // Downloads land, without a prompt, in the session's own directory, where the agent collects them.
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", profile.resolve(BrowserSession.DOWNLOADS).toString(),
                "download.prompt_for_download", false));
        if (config.headless()) {
            options.addArguments("--headless=new");
        }
        ChromeDriver driver;
        BrowserProcesses processes;
        try {
            service.start();
            processes = BrowserProcesses.of(service.getUrl().getPort(), profile);
            processes.chromedriver().ifPresent(chromedriver -> profiles.recordDriver(profile, chromedriver));
            driver = new ChromeDriver(service, options);
        } catch (IOException | RuntimeException e) {
            service.stop();
            network.close();
            BrowserProcesses.of(service.getUrl().getPort(), profile).killRemaining();
            BrowserSession.deleteDirectory(profile);
            profiles.forget(profile);
            throw e instanceof RuntimeException failure ? failure
                    : new SessionNotCreatedException("chromedriver did not start: " + e.getMessage(), e);
        }
        BrowserSession session = new BrowserSession(driver, service, processes, profile, network, viewportWidth,
                viewportHeight, () -> profiles.forget(profile));
        try {
            session.applyViewport();
            // Start empty rather than on Chromium's new-tab page, whose links would only distract the model.
            driver.get("about:blank");
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }
}
