package dev.browseragent.worker.network;

import dev.browseragent.model.DomainPattern;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Host names as the network rules compare them: ASCII (IDN as punycode), lower case, no trailing dot, no brackets. */
public final class HostNames {

    private HostNames() {
    }

    /** The canonical form, or empty when the text is no host name or address literal. */
    public static Optional<String> canonical(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        String text = host.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            return Optional.of(text.substring(1, text.length() - 1).toLowerCase(Locale.ROOT));
        }
        while (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            String ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() || ascii.contains("@") ? Optional.empty() : Optional.of(ascii);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code localhost} and {@code *.localhost}, which resolve to loopback by definition (RFC 6761), as in Chromium. */
    public static boolean isLocalhost(String canonicalHost) {
        return canonicalHost.equals("localhost") || canonicalHost.endsWith(".localhost");
    }

    /** Whether a request of this scheme to this canonical host matches one of the patterns. */
    public static boolean matchesAny(List<DomainPattern> patterns, String scheme, String host) {
        URI url;
        try {
            url = new URI(scheme, null, host, -1, null, null, null);
        } catch (URISyntaxException e) {
            return false;
        }
        return patterns.stream().anyMatch(pattern -> pattern.matches(url));
    }
}
