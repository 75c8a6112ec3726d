package dev.browseragent.api.file;

import dev.browseragent.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the URLs this service hands out (screenshots, GIFs, files, uploads): an HMAC-SHA256 over the
 * method, the path, the expiry and, for an upload, the content type the client must send. A signed URL works
 * without an API key until it expires. Hand-written because it is a few lines over the JDK's HMAC, with no library
 * that fits a path this service serves itself.
 */
@ApplicationScoped
public class SignedUrls {

    public static final String EXPIRES = "expires";
    public static final String SIGNATURE = "signature";
    static final String CONTENT_TYPE = "content_type";

    private static final Logger LOG = Logger.getLogger(SignedUrls.class);

    private final ApiConfig config;
    private final byte[] key;

    public SignedUrls(ApiConfig config) {
        this.config = config;
        if (config.urlSigningKey().isPresent() && !config.urlSigningKey().get().isBlank()) {
            this.key = config.urlSigningKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(this.key);
            LOG.warn("No browser-agent.url-signing-key is set: handed-out file URLs use a random key and stop working"
                    + " at the next restart; with several API replicas, set the same key on each");
        }
    }

    /** A URL for a GET of the given path segments, e.g. {@code ["files", id, "report.pdf"]}. */
    public String get(List<String> segments) {
        return url("GET", segments, null);
    }

    /** A URL for a PUT of exactly this content type. */
    public String put(List<String> segments, String contentType) {
        return url("PUT", segments, contentType);
    }

    /** What is wrong with a request to a signed path, or null when its signature is good and not expired. */
    public String problem(String method, String path, String expires, String signature, String contentType) {
        if (expires == null || signature == null) {
            return "Invalid URL signature";
        }
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return "Invalid URL signature";
        }
        byte[] expected = mac(method, path, expiry, contentType).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return "Invalid URL signature";
        }
        return expiry < Instant.now().getEpochSecond() ? "This URL has expired" : null;
    }

    private String url(String method, List<String> segments, String contentType) {
        String path = "/" + String.join("/", segments);
        long expiry = Instant.now().plus(config.signedUrlTtl()).getEpochSecond();
        String encodedPath = segments.stream().map(SignedUrls::encodeSegment).collect(Collectors.joining("/", "/", ""));
        StringBuilder url = new StringBuilder(stripTrailingSlash(config.publicBaseUrl())).append(encodedPath)
                .append('?').append(EXPIRES).append('=').append(expiry);
        if (contentType != null) {
            url.append('&').append(CONTENT_TYPE).append('=').append(URLEncoder.encode(contentType, StandardCharsets.UTF_8));
        }
        return url.append('&').append(SIGNATURE).append('=').append(mac(method, path, expiry, contentType)).toString();
    }

    private String mac(String method, String path, long expiry, String contentType) {
        String signed = method + "\n" + path + "\n" + expiry + "\n" + (contentType == null ? "" : contentType);
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
