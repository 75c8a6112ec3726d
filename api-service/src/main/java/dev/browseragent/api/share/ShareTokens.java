package dev.browseragent.api.share;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The random token of a task's public share page ({@code /share/{token}}): unguessable, URL-safe. The token is the
 * only permission its pages need.
 */
public final class ShareTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 24;
    /** What {@link #generate} makes: unpadded URL-safe Base64 of {@value #BYTES} bytes. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{" + (BYTES * 4 / 3) + "}");

    private ShareTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text could be a token: anything else (a NUL byte, a megabyte) is not looked up. */
    static boolean isWellFormed(String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }

    /** The page's JSON form, which its script polls. */
    static String statePath(String token) {
        return "/share/" + token + "/state";
    }

    /** The read-only live view of the task's browser, embedded in the page while the task runs or is paused. */
    static String liveViewPath(String token) {
        return "/share/" + token + "/live";
    }
}
