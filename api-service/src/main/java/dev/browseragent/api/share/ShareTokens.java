package dev.browseragent.api.share;

import java.security.SecureRandom;
import java.util.Base64;

/** The random token of a task's public share page ({@code /share/{token}}): unguessable, URL-safe. */
public final class ShareTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
