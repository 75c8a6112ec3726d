package dev.browseragent.worker.secret;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets of the tasks this worker runs now, for the log filter: a log line can carry page text or an error
 * message that echoes a typed value, whichever task it comes from.
 */
public final class ActiveSecrets {

    private static final Map<UUID, TaskSecrets> RUNNING = new ConcurrentHashMap<>();

    private ActiveSecrets() {
    }

    public static void add(UUID taskId, TaskSecrets secrets) {
        if (!secrets.isEmpty()) {
            RUNNING.put(taskId, secrets);
        }
    }

    public static void remove(UUID taskId) {
        RUNNING.remove(taskId);
    }

    static String redact(String text) {
        String redacted = text;
        for (TaskSecrets secrets : RUNNING.values()) {
            redacted = secrets.redact(redacted);
        }
        return redacted;
    }

    static boolean any() {
        return !RUNNING.isEmpty();
    }
}
