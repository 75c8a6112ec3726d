package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.FilteringProxy;
import dev.browseragent.worker.network.NetworkRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Chromium sessions: each behind its own filtering proxy, with a throw-away profile under this worker's
 * {@link ProfileRoot} and an exact viewport; a local Chromium with its own chromedriver ({@link LocalBrowser}), or a
 * Chrome on a Selenium Grid when {@code grid-url} is set ({@link GridBrowser}). The {@link BrowserPool} starts them
 * ahead of the tasks that use them.
 */
@ApplicationScoped
public class BrowserSessionFactory {

    /**
     * Flags that run Chromium headless on an offline server without background chatter, and lean: the
     * network service inside the browser process rather than a process of its own (see {@link #DISABLED_FEATURES}
     * for the rest; together about 60 MB less per browser). docs/benchmarks.md, "Chromium's memory, flag by flag",
     * measures each lean choice.
     */
    private static final String[] FLAGS = {
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
            "--enable-features=NetworkServiceInProcess2"};

    /**
     * One flag, since Chromium reads only the last {@code --disable-features}: no calls to Google's services, no
     * media-router discovery, no renderer started ahead for the next site (a session shows one page at a time), and
     * no address-bar pop-up built as web pages in a renderer of its own (about 40 MB, in a browser nobody sees).
     */
    private static final String DISABLED_FEATURES = "--disable-features=AutofillServerCommunication,OptimizationHints,"
            + "MediaRouter,SpareRendererForSitePerProcess,WebUIOmniboxPopup,WebUIOmniboxAimPopup";

    /**
     * Every request through the session's filtering proxy: loopback too ({@code <-loopback>} removes Chromium's
     * implicit bypass), no QUIC (UDP would go around an HTTP proxy), no WebRTC UDP outside the proxy, no DNS
     * prefetching (host names are the proxy's to resolve).
     */
    private static final String[] NETWORK_FLAGS = {
            "--proxy-bypass-list=<-loopback>", "--disable-quic", "--dns-prefetch-disable",
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"};

    private final BrowserConfig config;
    private final NetworkRules networkRules;
    private final ProfileRoot profiles;
    /** How local browsers start; unused with a Grid, whose nodes start their own. */
    private final BrowserLaunch launch;
    /** Where the sessions' filtering proxies listen, and the host their browsers are told to reach them at. */
    private final InetAddress proxyAddress;
    private final String proxyHost;
    private final ClosedDriverClients closedDriverClients = new ClosedDriverClients();
    /** {@link #chromiumArguments()}, or a variant of them for the memory benchmark. */
    private final List<String> chromiumArguments;

    /**
     * @throws IllegalStateException when a Grid is configured without a proxy address of this machine, or local
     *                               browsers cannot start sandboxed as configured ({@link BrowserLaunch#on}): the
     *                               worker then refuses to start rather than run browsers unfiltered or unsandboxed
     */
    @Inject
    public BrowserSessionFactory(BrowserConfig config, NetworkRules networkRules) {
        this(config, networkRules, chromiumArguments());
    }

    /** Sessions whose Chromium gets {@code chromiumArguments} instead of {@link #chromiumArguments()}. */
    BrowserSessionFactory(BrowserConfig config, NetworkRules networkRules, List<String> chromiumArguments) {
        this.config = config;
        this.networkRules = networkRules;
        this.proxyAddress = config.gridUrl().isPresent() ? advertisedAddress(config) : InetAddress.getLoopbackAddress();
        String host = config.gridUrl().isPresent() ? config.proxyAdvertisedHost().orElseThrow()
                : proxyAddress.getHostAddress();
        this.proxyHost = host.contains(":") ? "[" + host + "]" : host;
        Path profileRoot = Path.of(config.profileRoot()
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "browser-agent-profiles").toString()));
        this.launch = config.gridUrl().isPresent() ? null : BrowserLaunch.on(config, profileRoot);
        this.profiles = new ProfileRoot(profileRoot);
        this.chromiumArguments = List.copyOf(chromiumArguments);
    }

    /**
     * The flags every session's Chromium gets, whatever the session: besides them each gets its proxy, its window
     * size, and the sandbox and headless flags its configuration asks for.
     */
    static List<String> chromiumArguments() {
        List<String> arguments = new ArrayList<>(List.of(FLAGS));
        arguments.addAll(List.of(NETWORK_FLAGS));
        arguments.add(DISABLED_FEATURES);
        return List.copyOf(arguments);
    }

    private static InetAddress advertisedAddress(BrowserConfig config) {
        String host = config.proxyAdvertisedHost().orElseThrow(() -> new IllegalStateException(
                "browser-agent.browser.grid-url is set but browser-agent.browser.proxy-advertised-host is not: the"
                        + " Grid's browsers could not reach this worker's filtering proxies, and the worker does not"
                        + " run browsers unfiltered. Set it to this worker's address as the Grid's nodes see it"
                        + " (in Kubernetes the pod IP)."));
        try {
            InetAddress address = InetAddress.getByName(host);
            if (NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalStateException("browser-agent.browser.proxy-advertised-host=" + host + " ("
                        + address.getHostAddress() + ") is not an address of this machine, so the filtering proxies"
                        + " cannot listen on it; use this worker's own address (in Kubernetes the pod IP)");
            }
            return address;
        } catch (IOException e) {
            throw new IllegalStateException("browser-agent.browser.proxy-advertised-host=" + host
                    + " cannot be resolved: " + e.getMessage(), e);
        }
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
     * @throws SessionNotCreatedException when the browser cannot be started, or a Grid's browser does not go
     *                                    through its filtering proxy
     */
    public BrowserSession open(int viewportWidth, int viewportHeight) {
        Path profile = profiles.newProfile();
        FilteringProxy network = FilteringProxy.start(networkRules, proxyAddress);
        ChromeOptions options = new ChromeOptions();
        options.addArguments(chromiumArguments);
        options.addArguments("--proxy-server=http://" + proxyHost + ":" + network.port());
        options.addArguments("--window-size=" + viewportWidth + "," + viewportHeight);
        options.setPageLoadTimeout(config.pageLoadTimeout());
        if (!config.sandbox()) {
            // A Grid's nodes get it too: their operator turned the sandbox off for this worker's browsers.
            options.addArguments("--no-sandbox");
        }
        if (config.headless()) {
            options.addArguments("--headless=new");
        }
        LaunchedBrowser browser;
        try {
            browser = config.gridUrl().isPresent()
                    ? GridBrowser.start(config.gridUrl().get(), options)
                    : LocalBrowser.start(config, launch, options, profile, profiles);
        } catch (RuntimeException e) {
            network.close();
            BrowserSession.deleteDirectory(profile);
            profiles.forget(profile);
            throw e;
        }
        BrowserSession session = new BrowserSession(browser, profile, network, viewportWidth, viewportHeight,
                () -> {
                    profiles.forget(profile);
                    closedDriverClients.sessionClosed();
                });
        try {
            session.applyViewport();
            if (config.gridUrl().isPresent()) {
                requireFilteredNetwork(session, network);
            }
            // Start empty rather than on Chromium's new-tab page, whose links would only distract the model.
            session.driver().get("about:blank");
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * A remote browser is only used once it is proven to go through this session's filtering proxy: a node that
     * cannot reach the proxy, or a Grid that drops the proxy flags, would otherwise leave the task's network rules
     * unenforced (or every page failing with no clear cause).
     */
    private void requireFilteredNetwork(BrowserSession session, FilteringProxy network) {
        String seen;
        try {
            session.driver().get("http://" + FilteringProxy.PROBE_HOST + "/");
            seen = session.driver().getTitle();
        } catch (WebDriverException e) {
            seen = BrowserErrors.summary(e);
        }
        if (!network.identity().equals(seen)) {
            throw new SessionNotCreatedException("The Selenium Grid's browser does not go through this worker's"
                    + " filtering proxy at " + proxyHost + ":" + network.port() + " (it got \"" + seen + "\"); set"
                    + " browser-agent.browser.proxy-advertised-host to an address of this worker that the Grid's"
                    + " nodes reach. No task runs in a browser whose network is not filtered.");
        }
    }
}
