package dev.browseragent.worker.failure;

import com.fasterxml.jackson.core.JacksonException;
import dev.browseragent.worker.llm.ModelException;
import dev.langchain4j.exception.HttpException;
import org.jboss.logging.Logger;
import org.openqa.selenium.WebDriverException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that turns what went wrong into a task's {@code failure_reason}: a sentence for the task's user that
 * names the part that failed (the browser, the model provider, the task's storage) and never its internals (host
 * names, file paths, class names, SQL, a provider's error body). The full detail goes to the worker's log, with the
 * task's id, for whoever runs the service.
 */
public final class FailureReasons {

    private static final Logger LOG = Logger.getLogger(FailureReasons.class);

    /** A step failed because the page could not be read (a page that breaks the observer, a crashed tab...). */
    public static final String PAGE_UNREADABLE = "the page could not be read";
    /** A step failed because one of its actions did; the step's record says which and why. */
    public static final String ACTION_FAILED = "an action failed";

    private FailureReasons() {
    }

    /** The run could not begin: no browser could be had for it. */
    public static String browserNotStarted(UUID taskId, RuntimeException cause) {
        LOG.warnf(cause, "Task %s failed: the browser could not be started", taskId);
        return "The browser could not be started";
    }

    /** The run could not begin: its secrets or settings could not be read. */
    public static String notStarted(UUID taskId, Exception cause) {
        LOG.errorf(cause, "Task %s failed: it could not be started", taskId);
        return "The task could not be started: its secrets or settings could not be read";
    }

    /** The run ended on a failure nothing handled on the way (the database, the object store, the browser...). */
    public static String runFailed(UUID taskId, Throwable cause) {
        LOG.errorf(cause, "Task %s failed unexpectedly", taskId);
        String part = describe(cause);
        return Character.toUpperCase(part.charAt(0)) + part.substring(1);
    }

    /**
     * What failed, as a clause for a sentence ("the model provider did not answer in time"), from the innermost
     * cause this knows.
     */
    public static String describe(Throwable failure) {
        boolean model = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            model |= cause instanceof ModelException;
            if (cause instanceof HttpException http) {
                return http.statusCode() >= 500 ? "the model provider could not be reached (HTTP " + http.statusCode() + ")"
                        : "the model provider refused the request (HTTP " + http.statusCode() + ")";
            }
            if (cause instanceof SQLException) {
                return "the task's progress could not be saved";
            }
            if (cause instanceof WebDriverException) {
                return "the browser stopped working";
            }
            if (model && cause instanceof JacksonException) {
                // An IOException too, but the model did answer: what it answered was not what the agent reads.
                return "the model's answer could not be used";
            }
            if (model && cause instanceof HttpTimeoutException) {
                return "the model provider did not answer in time";
            }
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return model ? "the model provider could not be reached" : "the task's files could not be stored";
            }
        }
        return model ? "the model's answer could not be used" : "the worker failed unexpectedly while running the task";
    }
}
