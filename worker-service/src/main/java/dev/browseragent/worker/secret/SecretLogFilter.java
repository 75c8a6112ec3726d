package dev.browseragent.worker.secret;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Replaces the secret values of running tasks in every log record (message and exception text) with their
 * placeholders. Installed on the console and file handlers ({@code quarkus.log.*.filter=secret-redaction}).
 */
@LoggingFilter(name = "secret-redaction")
public final class SecretLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!ActiveSecrets.any()) {
            return true;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message != null) {
            String redacted = ActiveSecrets.redact(message);
            if (!redacted.equals(message) || record.getParameters() != null) {
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(redacted);
                }
                record.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            String text = String.valueOf(thrown);
            String redacted = ActiveSecrets.redact(text);
            if (!redacted.equals(text)) {
                RuntimeException replacement = new RuntimeException(redacted);
                replacement.setStackTrace(thrown.getStackTrace());
                record.setThrown(replacement);
            }
        }
        return true;
    }
}
