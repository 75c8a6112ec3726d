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
 * usable at once; a previous bootstrap key stops working. Runs once at start, over the same JDBC connection pool Flyway migrates with.
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
            String keyHash = ApiKeys.hash(config.bootstrapApiKey().get());
            try (PreparedStatement account = connection.prepareStatement(
                    "insert into accounts (id, name) values (?, 'bootstrap') on conflict (id) do nothing");
                 PreparedStatement revokeOld = connection.prepareStatement(
                         "delete from api_keys where account_id = ? and label = 'bootstrap' and key_hash <> ?");
                 PreparedStatement key = connection.prepareStatement(
                         "insert into api_keys (key_hash, account_id, label) values (?, ?, 'bootstrap') on conflict (key_hash) do nothing")) {
                account.setObject(1, BOOTSTRAP_ACCOUNT_ID);
                account.executeUpdate();
                revokeOld.setObject(1, BOOTSTRAP_ACCOUNT_ID);
                revokeOld.setString(2, keyHash);
                int revoked = revokeOld.executeUpdate();
                if (revoked > 0) {
                    LOG.info("The bootstrap API key changed; the previous one is revoked");
                }
                key.setString(1, keyHash);
                key.setObject(2, BOOTSTRAP_ACCOUNT_ID);
                key.executeUpdate();
            }
            connection.commit();
        }
        LOG.info("Bootstrap API key is ready for the bootstrap account");
    }
}
