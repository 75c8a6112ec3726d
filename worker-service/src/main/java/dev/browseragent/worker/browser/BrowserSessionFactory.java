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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts a fresh Chromium for each task: its own chromedriver, its own throw-away profile, an exact viewport. */
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

    public BrowserSessionFactory(BrowserConfig config, NetworkRules networkRules) {
        this.config = config;
        this.networkRules = networkRules;
    }

    /**
     * Opens a browser whose viewport is exactly the given size. The caller closes the session, which also deletes
     * the profile directory.
     *
     * @throws SessionNotCreatedException when Chromium or chromedriver cannot be started
     */
    public BrowserSession open(int viewportWidth, int viewportHeight) {
        Path profile = createProfileDirectory();
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
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            network.close();
            BrowserSession.deleteDirectory(profile);
            throw e;
        }
        BrowserSession session = new BrowserSession(driver, service, profile, network, viewportWidth, viewportHeight);
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

    private static Path createProfileDirectory() {
        try {
            return Files.createTempDirectory("browser-agent-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile directory", e);
        }
    }
}
