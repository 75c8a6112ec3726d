package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The worker's network rules for the browsers it runs. Env: {@code BROWSER_AGENT_NETWORK_*}. */
public interface NetworkConfig {

    /**
     * Host patterns ({@code host} or {@code *.host}) the private-network rule does not apply to, for an intranet
     * site a deployment means to reach, or a test's sites on loopback. Empty by default.
     */
    Optional<List<String>> allowedPrivateHosts();

    /**
     * Fixed addresses for host names, {@code host=address}, used by the filtering proxy before DNS (as
     * {@code /etc/hosts} would be). Empty by default.
     */
    Optional<List<String>> hostAddresses();

    /**
     * The Adblock Plus–syntax filter lists {@code use_adblock} applies: EasyList and EasyPrivacy as Debian's
     * {@code webext-ublock-origin-chromium} package installs them (deploy/local/install-prerequisites); updating
     * that package refreshes them.
     */
    @WithDefault("/usr/share/chromium/extensions/ublock-origin/assets/thirdparties/easylist/easylist.txt,"
            + "/usr/share/chromium/extensions/ublock-origin/assets/thirdparties/easylist/easyprivacy.txt")
    List<Path> adblockFilterLists();

    /** How long the filtering proxy waits for a site (or the upstream proxy) to accept a connection. */
    @WithDefault("10s")
    Duration connectTimeout();
}
