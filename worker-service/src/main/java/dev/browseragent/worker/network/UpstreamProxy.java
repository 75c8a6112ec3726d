package dev.browseragent.worker.network;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An HTTP proxy the filtering proxy chains to, with the {@code Proxy-Authorization} value of its credentials.
 *
 * @param country the country code it serves
 */
public record UpstreamProxy(String country, String host, int port, Optional<String> authorization) {

    /**
     * Reads {@code http://user:password@host:port}.
     *
     * @throws IllegalArgumentException naming the country (never the credentials) when the URL is not one
     */
    public static UpstreamProxy parse(String country, String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(country);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw invalid(country);
        }
        Optional<String> authorization = Optional.ofNullable(uri.getRawUserInfo())
                .map(userInfo -> URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8))
                .map(credentials -> "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        return new UpstreamProxy(country, uri.getHost(), uri.getPort(), authorization);
    }

    private static IllegalArgumentException invalid(String country) {
        return new IllegalArgumentException("browser-agent.proxy.countries.\"" + country
                + "\" is not an http://[user:password@]host:port URL");
    }

    @Override
    public String toString() {
        return "the " + country + " proxy " + host + ":" + port;
    }
}
