package dev.browseragent.model.lifecycle;

/**
 * A client's key for one task request (an HTTP {@code Idempotency-Key}, a Kafka submission's request id), stored
 * by the same statement that creates the task: a task and its key exist together or not at all.
 *
 * @param source   {@code http} or {@code kafka}; each has its own key space
 * @param key      the client's key
 * @param bodyHash SHA-256 of the request body in canonical JSON (the same key with another body is a conflict)
 * @param retentionSeconds how long a key holds; an older row for the same key is taken over
 */
public record RequestKey(String source, String key, String bodyHash, double retentionSeconds) {

    /** The key already names a task (another request won the race): look that task up instead. */
    public static final class Taken extends RuntimeException {
        public Taken() {
            super(null, null, false, false);
        }
    }
}
