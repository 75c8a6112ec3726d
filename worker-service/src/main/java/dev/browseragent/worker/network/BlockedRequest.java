package dev.browseragent.worker.network;

/**
 * A request the filtering proxy refused.
 *
 * @param target     {@code scheme://host[:port]} (no path or query: those can carry data the user typed)
 * @param reason     why, in words the model and the user understand
 * @param navigation whether it was (or may have been) a page navigation: every refused tunnel counts, as the
 *                   proxy cannot see inside it
 */
public record BlockedRequest(String target, String reason, boolean navigation) {

    /** What an action reports when its navigation was refused. */
    public String describe() {
        return target + " was blocked: " + reason;
    }
}
