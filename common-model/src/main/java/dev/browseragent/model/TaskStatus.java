package dev.browseragent.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The lifecycle of a task, with the lower-case names the v1 API and the database use. */
public enum TaskStatus {
    CREATED,
    RUNNING,
    PAUSED,
    FINISHED,
    STOPPED,
    FAILED;

    /** The name on the wire and in the {@code tasks.status} column. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** A terminal task never changes again. */
    public boolean isTerminal() {
        return this == FINISHED || this == STOPPED || this == FAILED;
    }
}
