package dev.browseragent.api.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** {@code X-Browser-Use-Signature}: hex HMAC-SHA256 with the account's secret over {@code "<timestamp>." + body}. */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Browser-Use-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Browser-Use-Signature";

    private WebhookSignature() {
    }

    /** @param unixSeconds the value of the timestamp header */
    public static String sign(String secret, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
