package dev.browseragent.worker.network;

import dev.browseragent.model.DomainPattern;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.net.AddressRanges;
import dev.browseragent.worker.config.NetworkConfig;
import dev.browseragent.worker.config.ProxyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The worker-wide network rules and their verdict on each request of a task's browser: allowed_domains, ad block,
 * then the private-network rule, judged on the one address the proxy will connect to (resolved here, once, so a
 * host cannot answer one address to the check and another to the connection).
 */
@ApplicationScoped
public class NetworkRules {

    private final boolean allowPrivateNetworks;
    private final List<DomainPattern> allowedPrivateHosts;
    private final Map<String, InetAddress> hostAddresses;
    private final Map<String, UpstreamProxy> upstreamProxies;
    private final Duration connectTimeout;
    private final Supplier<HostBlocklist> blocklist;

    /** The verdict on one request: the address to connect to, or why not. */
    public record Verdict(InetAddress address, String refusal) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    /** A task's policy and, when it asked for a proxy that is not configured, the note saying it runs direct. */
    public record TaskNetwork(TaskNetworkPolicy policy, Optional<String> note) {
    }

    /**
     * @param allowPrivateNetworks {@code browser-agent.allow-private-networks} (env
     *                             {@code BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS}), default {@code false}: let browsers
     *                             reach loopback and private addresses, as local development needs
     */
    public NetworkRules(
            @ConfigProperty(name = "browser-agent.allow-private-networks", defaultValue = "false")
            boolean allowPrivateNetworks,
            NetworkConfig network, ProxyConfig proxies) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.allowedPrivateHosts = network.allowedPrivateHosts().orElse(List.of()).stream()
                .map(pattern -> DomainPattern.parse(pattern).pattern().orElseThrow(() -> new IllegalArgumentException(
                        "browser-agent.network.allowed-private-hosts: '" + pattern + "' is not a host pattern")))
                .toList();
        this.hostAddresses = parseHostAddresses(network.hostAddresses().orElse(List.of()));
        Map<String, UpstreamProxy> byCountry = new HashMap<>();
        proxies.countries().forEach((country, url) -> byCountry.put(country.toLowerCase(Locale.ROOT),
                UpstreamProxy.parse(country.toLowerCase(Locale.ROOT), url)));
        this.upstreamProxies = Map.copyOf(byCountry);
        this.connectTimeout = network.connectTimeout();
        this.blocklist = new Memoized<>(() -> HostBlocklist.load(network.adblockFilterLists()));
    }

    /** The policy of a task's options, with a note when its proxy country has no configured proxy. */
    public TaskNetwork forTask(TaskOptions options) {
        List<DomainPattern> allowed = options.allowedDomains() == null ? List.of() : options.allowedDomains().stream()
                .map(DomainPattern::parse)
                .flatMap(parsed -> parsed.pattern().stream())
                .toList();
        Optional<UpstreamProxy> upstream = Optional.empty();
        Optional<String> note = Optional.empty();
        if (options.useProxy()) {
            String country = options.proxyCountryCode() == null ? TaskOptions.DEFAULT_PROXY_COUNTRY
                    : options.proxyCountryCode().toLowerCase(Locale.ROOT);
            upstream = Optional.ofNullable(upstreamProxies.get(country));
            if (upstream.isEmpty()) {
                note = Optional.of("No proxy is configured for the country '" + country
                        + "' on this service, so the task runs without a proxy.");
            }
        }
        if (options.useAdblock()) {
            blocklist.get();
        }
        return new TaskNetwork(new TaskNetworkPolicy(allowed, options.useAdblock(), upstream), note);
    }

    /** Judges a request of the given scheme to the host (as the request named it). */
    public Verdict judge(TaskNetworkPolicy policy, String scheme, String rawHost) {
        Optional<String> canonical = HostNames.canonical(rawHost);
        if (canonical.isEmpty()) {
            return refused("'" + rawHost + "' is not a valid host");
        }
        String host = canonical.get();
        if (!policy.allowsHost(scheme, host)) {
            return refused(host + " is not in the task's allowed_domains");
        }
        if (policy.adblock() && blocklist.get().blocks(host)) {
            return refused(host + " is an ad or tracker host on the ad block filter list (use_adblock)");
        }
        return vetAddress(scheme, host);
    }

    /**
     * The private-network rule alone, for a URL about to be opened: the address the host resolves to, or why it may
     * not be reached. Tasks' requests are judged by {@link #judge}, which applies it too.
     */
    public Verdict vetAddress(String scheme, String rawHost) {
        Optional<String> canonical = HostNames.canonical(rawHost);
        if (canonical.isEmpty()) {
            return refused("'" + rawHost + "' is not a valid host");
        }
        String host = canonical.get();
        InetAddress address;
        try {
            address = resolve(host);
        } catch (UnknownHostException e) {
            return refused("the host " + host + " cannot be resolved");
        }
        if (!allowPrivateNetworks && !HostNames.matchesAny(allowedPrivateHosts, scheme, host)) {
            Optional<String> range = AddressRanges.nonPublicRange(address);
            if (range.isPresent()) {
                return refused(host + " is the " + range.get() + " address " + address.getHostAddress()
                        + ", and private networks are blocked on this service");
            }
        }
        return new Verdict(address, null);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The address to connect to: a configured one, loopback for localhost names, else the first DNS answer. */
    private InetAddress resolve(String host) throws UnknownHostException {
        InetAddress fixed = hostAddresses.get(host);
        if (fixed != null) {
            return fixed;
        }
        if (HostNames.isLocalhost(host)) {
            return InetAddress.getLoopbackAddress();
        }
        return InetAddress.getAllByName(host)[0];
    }

    private static Verdict refused(String reason) {
        return new Verdict(null, reason);
    }

    private static Map<String, InetAddress> parseHostAddresses(List<String> entries) {
        Map<String, InetAddress> addresses = new HashMap<>();
        for (String entry : entries) {
            String[] hostAndAddress = entry.split("=", 2);
            Optional<String> host = HostNames.canonical(hostAndAddress[0]);
            if (hostAndAddress.length != 2 || host.isEmpty() || !hostAndAddress[1].strip().matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("browser-agent.network.host-addresses: '" + entry
                        + "' is not host=address (an IP address literal)");
            }
            try {
                addresses.put(host.get(), InetAddress.getByName(hostAndAddress[1].strip()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("browser-agent.network.host-addresses: '" + entry
                        + "' has no valid address", e);
            }
        }
        return Map.copyOf(addresses);
    }

    /** Loads the filter lists on first use: a worker whose tasks never ask for ad block never reads them. */
    private static final class Memoized<T> implements Supplier<T> {
        private final Supplier<T> loader;
        private volatile T value;

        Memoized(Supplier<T> loader) {
            this.loader = loader;
        }

        @Override
        public T get() {
            T loaded = value;
            if (loaded == null) {
                synchronized (this) {
                    if (value == null) {
                        value = loader.get();
                    }
                    loaded = value;
                }
            }
            return loaded;
        }
    }
}
