package dev.browseragent.api.auth;

import dev.browseragent.api.config.ApiConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Makes {@code browser-agent.bootstrap-api-key} valid for the bootstrap account at start, so a fresh install is
 * usable at once. Runs once at start, over the same JDBC connection pool Flyway migrates with.
 */
@ApplicationScoped
public class BootstrapKey {

    /** Fixed, so every replica and every restart agree on which account the bootstrap key belongs to. */
    static final UUID BOOTSTRAP_ACCOUNT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

    void onStart(@Observes StartupEvent event, ApiConfig config, AgroalDataSource dataSource) throws SQLException {
        if (config.bootstrapApiKey().isEmpty()) {
            LOG.info("No bootstrap API key configured (browser-agent.bootstrap-api-key); only existing keys work");
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement(
                    "insert into accounts (id, name) values (?, 'bootstrap') on conflict (id) do nothing");
                 PreparedStatement key = connection.prepareStatement(
                         "insert into api_keys (key_hash, account_id, label) values (?, ?, 'bootstrap') on conflict (key_hash) do nothing")) {
                account.setObject(1, BOOTSTRAP_ACCOUNT_ID);
                account.executeUpdate();
                key.setString(1, ApiKeys.hash(config.bootstrapApiKey().get()));
                key.setObject(2, BOOTSTRAP_ACCOUNT_ID);
                key.executeUpdate();
            }
            connection.commit();
        }
        LOG.info("Bootstrap API key is ready for the bootstrap account");
    }
}
