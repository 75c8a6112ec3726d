package dev.browseragent.model;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a task's {@code allowed_domains}: {@code host} or {@code *.host}, optionally behind
 * {@code http://}, {@code https://} or {@code http*://}. The API validates entries with {@link #parse}; the worker
 * checks every request against them with {@link #matches}, so both agree on what an entry means.
 * <p>
 * {@code example.com} allows that host only; {@code *.example.com} allows it and every subdomain. Without a scheme,
 * both http and https are allowed.
 */
public final class DomainPattern {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final boolean allowsHttp;
    private final boolean allowsHttps;
    private final boolean includesSubdomains;
    private final String host;

    private DomainPattern(boolean allowsHttp, boolean allowsHttps, boolean includesSubdomains, String host) {
        this.allowsHttp = allowsHttp;
        this.allowsHttps = allowsHttps;
        this.includesSubdomains = includesSubdomains;
        this.host = host;
    }

    /** The pattern, or why the text is not one: {@link Parsed#error()} then says what is wrong. */
    public static Parsed parse(String text) {
        String rest = text.trim().toLowerCase(Locale.ROOT);
        boolean http = true;
        boolean https = true;
        if (rest.startsWith("http*://")) {
            rest = rest.substring(8);
        } else if (rest.startsWith("https://")) {
            http = false;
            rest = rest.substring(8);
        } else if (rest.startsWith("http://")) {
            https = false;
            rest = rest.substring(7);
        } else if (rest.contains("://")) {
            return Parsed.error("only http://, https:// or http*:// may come before the host");
        }
        if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
            return Parsed.error("a domain pattern has no path");
        }
        boolean subdomains = rest.startsWith("*.");
        if (subdomains) {
            rest = rest.substring(2);
        }
        if (rest.contains("*")) {
            return Parsed.error(rest.endsWith("*")
                    ? "a wildcard top-level domain (example.*) is not allowed"
                    : "'*' is allowed only as a leading '*.'");
        }
        String[] labels = rest.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Parsed.error("'" + text + "' is not a host name");
            }
        }
        if (subdomains && labels.length < 2) {
            return Parsed.error("a wildcard over a whole top-level domain (*.com) is not allowed");
        }
        return new Parsed(Optional.of(new DomainPattern(http, https, subdomains, rest)), null);
    }

    /** Whether a URL of this scheme and host may be opened under this pattern. */
    public boolean matches(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") && allowsHttp || scheme.equals("https") && allowsHttps)) {
            return false;
        }
        String urlHost = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (urlHost.endsWith(".")) {
            urlHost = urlHost.substring(0, urlHost.length() - 1);
        }
        return urlHost.equals(host) || includesSubdomains && urlHost.endsWith("." + host);
    }

    /** The outcome of {@link #parse}: a pattern, or the reason there is none. */
    public record Parsed(Optional<DomainPattern> pattern, String error) {
        static Parsed error(String reason) {
            return new Parsed(Optional.empty(), reason);
        }

        public boolean isValid() {
            return pattern.isPresent();
        }
    }
}
