package dev.browseragent.worker.secret;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretLogFilterTest {

    private static final String SECRET = "hunter2-secret";
    private static final String PLACEHOLDER = TaskSecrets.placeholder("password");

    private final UUID task = UUID.randomUUID();
    private final SecretLogFilter filter = new SecretLogFilter();

    @BeforeEach
    void runATaskWithASecret() {
        ActiveSecrets.add(task, TaskSecrets.of(Map.of("password", SECRET)));
    }

    @AfterEach
    void endIt() {
        ActiveSecrets.remove(task);
    }

    @Test
    void everyExceptionOfTheTreeIsRedactedAndKeepsItsClassNameAndStackTrace() {
        SQLException suppressed = new SQLException("relation says " + SECRET);
        IOException cause = new IOException("could not type " + SECRET);
        cause.addSuppressed(suppressed);
        IllegalStateException thrown = new IllegalStateException("typing failed", new UncheckedIOException(cause));
        ExtLogRecord record = record("Task failed");
        record.setThrown(thrown);

        assertTrue(filter.isLoggable(record));

        String printed = stackTrace(record.getThrown());
        assertFalse(printed.contains(SECRET), printed);
        assertTrue(printed.contains("java.io.IOException: could not type " + PLACEHOLDER), printed);
        assertTrue(printed.contains("Suppressed: java.sql.SQLException: relation says " + PLACEHOLDER), printed);
        assertTrue(printed.startsWith("java.lang.IllegalStateException: typing failed"), printed);
        assertArrayEquals(cause.getStackTrace(), record.getThrown().getCause().getCause().getStackTrace());
        assertEquals("could not type " + PLACEHOLDER, record.getThrown().getCause().getCause().getMessage());
    }

    @Test
    void anExceptionWithoutSecretsIsLoggedAsItIs() {
        IllegalStateException thrown = new IllegalStateException("nothing secret", new IOException("nor here"));
        ExtLogRecord record = record("Task failed");
        record.setThrown(thrown);

        filter.isLoggable(record);

        assertSame(thrown, record.getThrown());
    }

    @Test
    void theMessageItsParametersTheMdcAndTheNdcAreRedacted() {
        ExtLogRecord record = record("Typed %s into the form");
        record.setParameters(new Object[]{SECRET});
        record.putMdc("typed", SECRET);
        record.setNdc("form " + SECRET);

        filter.isLoggable(record);

        assertEquals("Typed " + PLACEHOLDER + " into the form", record.getFormattedMessage());
        assertEquals(PLACEHOLDER, record.getMdc("typed"));
        assertEquals("form " + PLACEHOLDER, record.getNdc());
    }

    private static ExtLogRecord record(String message) {
        return new ExtLogRecord(Level.ERROR, message, ExtLogRecord.FormatStyle.PRINTF, SecretLogFilterTest.class.getName());
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
