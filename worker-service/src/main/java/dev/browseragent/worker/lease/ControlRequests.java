package dev.browseragent.worker.lease;

import dev.browseragent.model.lifecycle.TaskLifecycle;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Hears the client's requests (stop, pause, resume, take and hand back control) the moment the API writes them:
 * the API notifies {@link TaskLifecycle#CONTROL_CHANNEL} with the task id, and when this worker holds that task its
 * {@link LeaseKeeper} beats at once instead of at its next heartbeat. One connection of the pool listens for the
 * worker's life. Without it (the database restarting, a pooler in transaction mode that does not pass
 * notifications on) every request still acts at the next heartbeat.
 */
@ApplicationScoped
public class ControlRequests {

    private static final Logger LOG = Logger.getLogger(ControlRequests.class);
    /** How long one wait for notifications lasts; also how soon the listener sees that the worker stops. */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final AgroalDataSource dataSource;
    private final LeaseKeeper leases;
    private volatile boolean stopping;
    private Thread listener;

    public ControlRequests(AgroalDataSource dataSource, LeaseKeeper leases) {
        this.dataSource = dataSource;
        this.leases = leases;
    }

    void start(@Observes StartupEvent started) {
        listener = new Thread(this::listen, "control-requests");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopping = true;
        if (listener != null) {
            listener.join(POLL.multipliedBy(4).toMillis());
        }
    }

    private void listen() {
        boolean warned = false;
        while (!stopping) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + TaskLifecycle.CONTROL_CHANNEL);
                }
                if (warned) {
                    LOG.info("Listening for the client's requests again");
                    warned = false;
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!stopping) {
                    PGNotification[] received = notifications.getNotifications((int) POLL.toMillis());
                    if (received != null) {
                        for (PGNotification notification : received) {
                            leases.beatFor(UUID.fromString(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!warned && !stopping) {
                    LOG.warnf("Not listening for the client's requests (%s); stop, pause and resume act at the next"
                            + " heartbeat until the database answers again", e.getMessage());
                    warned = true;
                }
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_AFTER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
