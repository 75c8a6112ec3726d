package dev.browseragent.api.webhook;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.model.net.AddressRanges;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook URL may point: http or https, and, unless {@code browser-agent.allow-private-networks} is set, a
 * host that resolves to no loopback, private, link-local or otherwise internal address (the browser's rule), so a
 * webhook cannot make the service reach into the network it runs in. Judged on the resolved address, and the
 * delivery connects to exactly that address, so a host that resolves differently later cannot slip past.
 */
@ApplicationScoped
public class WebhookTargets {

    /** Where to connect for one delivery. */
    public record Target(URI uri, InetAddress address, int port, boolean https) {
    }

    /** Why a URL is no acceptable webhook target. */
    public static final class RefusedTarget extends RuntimeException {
        RefusedTarget(String reason) {
            super(reason, null, false, false);
        }
    }

    private final boolean allowPrivateNetworks;

    public WebhookTargets(ApiConfig config) {
        this.allowPrivateNetworks = config.allowPrivateNetworks();
    }

    /** Resolves the URL's host off the event loop; fails with {@link RefusedTarget} saying why it may not be used. */
    public Uni<Target> resolve(String url) {
        return Uni.createFrom().item(() -> target(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Target target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedTarget("'" + url + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedTarget("the webhook URL must be http or https");
        }
        if (uri.getHost() == null) {
            throw new RefusedTarget("the webhook URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the host " + uri.getHost() + " cannot be resolved");
        }
        if (!allowPrivateNetworks) {
            for (InetAddress address : addresses) {
                Optional<String> range = AddressRanges.nonPublicRange(address);
                if (range.isPresent()) {
                    throw new RefusedTarget("the host " + uri.getHost() + " resolves to " + address.getHostAddress()
                            + ", a " + range.get() + " address, which webhooks may not reach");
                }
            }
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Target(uri, addresses[0], port, https);
    }
}
