package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** How the worker starts Chromium. Env: {@code BROWSER_AGENT_BROWSER_*}. */
public interface BrowserConfig {

    /** The Chromium (or Chrome) executable. */
    @WithDefault("/usr/bin/chromium")
    String chromium();

    /** The chromedriver executable; naming it keeps Selenium Manager from trying to download one. */
    @WithDefault("/usr/bin/chromedriver")
    String chromedriver();

    /**
     * Chromium's sandbox: each renderer (where a web page's code runs) in its own user, process and network
     * namespaces under a system-call filter, so a page that exploits a bug in the renderer reaches neither this
     * machine's files nor its other processes. Needs unprivileged user namespaces (the worker refuses to start
     * without them). Turning it off passes {@code --no-sandbox}: an exploited renderer then runs with the browser
     * user's rights, every tenant's pages in reach; only for hosts that cannot allow user namespaces and tasks you
     * trust.
     */
    @WithDefault("true")
    boolean sandbox();

    /**
     * The unprivileged user that runs the browsers when the worker runs as root (Chromium's sandbox refuses root);
     * ignored otherwise, when the browsers run as the worker's own user.
     */
    @WithDefault("browser-agent")
    String user();

    /** Run without a window, as servers and CI must. */
    @WithDefault("true")
    boolean headless();

    /** How long a navigation may take before the action that started it reports a timeout. */
    @WithDefault("30s")
    Duration pageLoadTimeout();

    /**
     * Where the worker keeps browser profiles, one directory per worker process; a worker reaps what a killed
     * predecessor left here. Default: {@code browser-agent-profiles} in the system's temporary directory.
     */
    Optional<String> profileRoot();

    /**
     * Browsers kept started ahead of the tasks that will use them, at most one per free slot plus {@code pool-spare};
     * defaults to the worker's concurrent tasks.
     */
    OptionalInt poolSize();

    /**
     * Warm browsers kept beyond the free slots (within {@code pool-size}): when every slot is busy, the task claimed
     * as soon as one ends finds its browser started rather than waiting about a second for one. Each costs a
     * browser's memory while it waits.
     */
    @WithDefault("1")
    int poolSpare();

    /**
     * A Selenium Grid (Chrome nodes, e.g. {@code http://selenium-grid:4444}) that runs the browsers instead of this
     * machine. Unset by default: each session is a local Chromium with its own chromedriver.
     */
    Optional<URI> gridUrl();

    /**
     * With a grid: the address of this worker that the grid's browsers reach its filtering proxies at (in Kubernetes
     * the pod IP). The proxies listen on it, so it must be one of this machine's own addresses. Required with
     * {@code grid-url}: without it the worker refuses to start rather than run browsers unfiltered.
     */
    Optional<String> proxyAdvertisedHost();
}
