package dev.browseragent.worker.browser;

import dev.browseragent.worker.network.NetworkRules;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which URLs the model may open with navigate: only http and https (no {@code file:}, {@code chrome:},
 * {@code javascript:} or {@code data:}), and no host the private-network rule refuses, so the model is told why at
 * once. Everything the browser then fetches, this navigation included, also passes the session's filtering proxy,
 * which enforces the task's allowed_domains, ad block and the private-network rule on every request.
 */
@ApplicationScoped
public class NetworkPolicy {

    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final NetworkRules rules;

    public NetworkPolicy(NetworkRules rules) {
        this.rules = rules;
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
        return Optional.ofNullable(rules.vetAddress(scheme, uri.getHost()).refusal());
    }
}
