package dev.browseragent.worker.secret;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Replaces the secret values of running tasks in every log record with their placeholders: the message, the
 * exception with all its causes and suppressed exceptions, the MDC and the NDC. Installed on the console and file
 * handlers ({@code quarkus.log.*.filter=secret-redaction}).
 */
@LoggingFilter(name = "secret-redaction")
public final class SecretLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!ActiveSecrets.any()) {
            return true;
        }
        redactMessage(record);
        if (record.getThrown() != null) {
            record.setThrown(redact(record.getThrown(), ActiveSecrets::redact));
        }
        if (record instanceof ExtLogRecord ext) {
            ext.getMdcCopy().forEach((key, value) -> {
                String redacted = ActiveSecrets.redact(value);
                if (!redacted.equals(value)) {
                    ext.putMdc(key, redacted);
                }
            });
            String ndc = ext.getNdc();
            if (ndc != null && !ndc.isEmpty()) {
                ext.setNdc(ActiveSecrets.redact(ndc));
            }
        }
        return true;
    }

    private static void redactMessage(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message == null) {
            return;
        }
        String redacted = ActiveSecrets.redact(message);
        // Formatted here once: the parameters, which may hold a secret themselves, are dropped.
        if (!redacted.equals(message) || record.getParameters() != null) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
    }

    /**
     * The exception as it may be logged: itself when no text of it, its causes or its suppressed exceptions holds a
     * secret; else a copy of the whole tree with every text redacted and every stack trace kept.
     */
    static Throwable redact(Throwable thrown, UnaryOperator<String> redaction) {
        return holdsSecret(thrown, redaction, new IdentityHashMap<>())
                ? copy(thrown, redaction, new IdentityHashMap<>()) : thrown;
    }

    private static boolean holdsSecret(Throwable thrown, UnaryOperator<String> redaction, Map<Throwable, Boolean> seen) {
        if (thrown == null || seen.put(thrown, Boolean.TRUE) != null) {
            return false;
        }
        String text = thrown.toString();
        if (!redaction.apply(text).equals(text) || holdsSecret(thrown.getCause(), redaction, seen)) {
            return true;
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (holdsSecret(suppressed, redaction, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable copy(Throwable thrown, UnaryOperator<String> redaction, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(thrown);
        if (done != null) {
            return done;
        }
        RedactedException copy = new RedactedException(redaction.apply(thrown.toString()),
                thrown.getMessage() == null ? null : redaction.apply(thrown.getMessage()));
        copy.setStackTrace(thrown.getStackTrace());
        copies.put(thrown, copy);
        if (thrown.getCause() != null) {
            copy.initCause(copy(thrown.getCause(), redaction, copies));
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, redaction, copies));
        }
        return copy;
    }

    /** An exception in a log record with its secrets redacted: prints as the original did (class name and message). */
    static final class RedactedException extends RuntimeException {

        private final String text;

        RedactedException(String text, String message) {
            super(message);
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
