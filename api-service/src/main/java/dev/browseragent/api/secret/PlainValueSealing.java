package dev.browseragent.api.secret;

import dev.browseragent.model.lifecycle.JdbcStatements;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.secret.SealedColumn;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Seals, at start, the values stored in clear before V12: tasks' saved cookies ({@code tasks.browser_data}) and
 * webhook signing secrets ({@code accounts.webhook_secret}). SQL cannot seal (it has no key ring), so the migration
 * only added the sealed columns and this moves each plain value into its sealed form. Idempotent, and every replica
 * may run it: a value is sealed only while its plain form is still there. Runs over JDBC, after Flyway.
 */
@ApplicationScoped
public class PlainValueSealing {

    private static final Logger LOG = Logger.getLogger(PlainValueSealing.class);
    private static final int BATCH = 500;

    void onStart(@Observes StartupEvent event, SecretStorage secrets, AgroalDataSource dataSource,
                 TaskLifecycle lifecycle) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!secrets.configured()) {
                if (anyPlain(connection)) {
                    LOG.warn("Saved cookies or webhook secrets are stored in clear from before this version: set"
                            + " browser-agent.encryption.keys and restart, and they are sealed");
                }
                return;
            }
            int cookies = sealCookies(connection, secrets, lifecycle);
            int webhookSecrets = sealWebhookSecrets(connection, secrets);
            if (cookies + webhookSecrets > 0) {
                LOG.infof("Sealed what was stored in clear: the saved cookies of %d tasks, the webhook secrets of %d"
                        + " accounts", cookies, webhookSecrets);
            }
        }
    }

    private static boolean anyPlain(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select exists (select 1 from tasks where browser_data is not null)
                    or exists (select 1 from accounts where webhook_secret is not null)""");
             ResultSet row = select.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static int sealCookies(Connection connection, SecretStorage secrets, TaskLifecycle lifecycle)
            throws SQLException {
        int sealed = 0;
        for (Map<UUID, String> batch = plainCookies(connection, lifecycle); !batch.isEmpty();
             batch = plainCookies(connection, lifecycle)) {
            for (Map.Entry<UUID, String> task : batch.entrySet()) {
                byte[] value = secrets.seal(SealedColumn.TASK_BROWSER_DATA.row(task.getKey()), task.getValue());
                try (PreparedStatement update = JdbcStatements.prepare(connection,
                        lifecycle.sealPlainBrowserData(task.getKey(), value))) {
                    sealed += update.executeUpdate();
                }
            }
        }
        return sealed;
    }

    private static Map<UUID, String> plainCookies(Connection connection, TaskLifecycle lifecycle) throws SQLException {
        Map<UUID, String> plain = new LinkedHashMap<>();
        try (PreparedStatement select = JdbcStatements.prepare(connection, lifecycle.plainBrowserData(BATCH));
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                plain.put(rows.getObject("id", UUID.class), rows.getString("browser_data"));
            }
        }
        return plain;
    }

    private static int sealWebhookSecrets(Connection connection, SecretStorage secrets) throws SQLException {
        Map<UUID, String> plain = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, webhook_secret from accounts where webhook_secret is not null");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                plain.put(rows.getObject("id", UUID.class), rows.getString("webhook_secret"));
            }
        }
        int sealed = 0;
        try (PreparedStatement update = connection.prepareStatement("""
                update accounts set sealed_webhook_secret = ?, webhook_secret = null
                where id = ? and webhook_secret is not null""")) {
            for (Map.Entry<UUID, String> account : plain.entrySet()) {
                update.setBytes(1, secrets.seal(SealedColumn.ACCOUNT_WEBHOOK_SECRET.row(account.getKey()),
                        account.getValue()));
                update.setObject(2, account.getKey());
                sealed += update.executeUpdate();
            }
        }
        return sealed;
    }
}
