package dev.browseragent.worker.browser;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** How the worker starts Chromium. Env: {@code BROWSER_AGENT_BROWSER_*}. */
@ConfigMapping(prefix = "browser-agent.browser")
public interface BrowserConfig {

    /** The Chromium (or Chrome) executable. */
    @WithDefault("/usr/bin/chromium")
    String chromium();

    /** The chromedriver executable; naming it keeps Selenium Manager from trying to download one. */
    @WithDefault("/usr/bin/chromedriver")
    String chromedriver();

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

    /** Browsers kept started ahead of the tasks that will use them; defaults to the worker's concurrent tasks. */
    OptionalInt poolSize();
}
