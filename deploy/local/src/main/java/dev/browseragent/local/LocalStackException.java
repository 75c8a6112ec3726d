package dev.browseragent.local;

import java.util.List;

/** The stack could not start; the message says why in one line, {@link #details()} may add a service's last log lines. */
public class LocalStackException extends RuntimeException {

    private final List<String> details;

    public LocalStackException(String message) {
        this(message, List.of(), null);
    }

    public LocalStackException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    public LocalStackException(String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
