package dev.browseragent.worker.repository;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure caused by the database being away (stopped, restarting, failing over, or a pooled connection it
 * closed as it went down) from every other failure: only the first is worth trying again, once it is back.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * True when the failure, or one of its causes, is a connection failure (SQLSTATE class 08) or PostgreSQL going
     * down or not yet up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
