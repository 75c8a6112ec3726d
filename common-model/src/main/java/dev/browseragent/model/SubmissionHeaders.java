package dev.browseragent.model;

/** Record headers of a {@link Topics#TASK_SUBMISSIONS} record. */
public final class SubmissionHeaders {

    /** The account's API key, as {@code X-Browser-Use-API-Key} is on HTTP. */
    public static final String API_KEY = "x-browser-use-api-key";

    private SubmissionHeaders() {
    }
}
