package dev.browseragent.worker.browser;

import dev.browseragent.model.net.InternalAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which URLs the agent may open. Only http and https; and, unless {@code browser-agent.allow-private-networks} is
 * set, no host that resolves to a loopback, private, link-local (cloud metadata) or otherwise internal address, so
 * that a task cannot make the worker reach into the network it runs in.
 */
@ApplicationScoped
public class NetworkPolicy {

    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final boolean allowPrivateNetworks;

    /**
     * @param allowPrivateNetworks {@code browser-agent.allow-private-networks} (env
     *                             {@code BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS}), default {@code false}: let the agent
     *                             open loopback and private addresses, as local development and tests need
     */
    public NetworkPolicy(
            @ConfigProperty(name = "browser-agent.allow-private-networks", defaultValue = "false")
            boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Why the URL may not be opened, or empty when it may. Resolves the host name. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return Optional.of("only http and https URLs may be opened, not '" + url + "'");
        }
        if (uri.getHost() == null) {
            return Optional.of("'" + url + "' has no host");
        }
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("the host " + uri.getHost() + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (InternalAddresses.isInternal(address)) {
                return Optional.of("the host " + uri.getHost() + " resolves to the private or local address "
                        + address.getHostAddress() + ", which this worker may not open");
            }
        }
        return Optional.empty();
    }
}
