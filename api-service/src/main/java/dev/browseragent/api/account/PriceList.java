package dev.browseragent.api.account;

import dev.browseragent.api.config.ApiConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes the configured prices into the {@code prices} table at start; the database's triggers charge tasks and
 * steps from it (see V3__admission_and_credits.sql). Replicas with different prices overwrite each other: keep
 * them configured alike.
 */
@ApplicationScoped
public class PriceList {

    void onStart(@Observes StartupEvent event, ApiConfig config, AgroalDataSource dataSource) throws SQLException {
        ApiConfig.Pricing pricing = config.pricing();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement clear = connection.prepareStatement("delete from prices");
                 PreparedStatement insert = connection.prepareStatement("insert into prices (item, cents) values (?, ?)")) {
                clear.executeUpdate();
                add(insert, "task", pricing.taskCents());
                add(insert, "step:*", pricing.otherStepCents());
                for (Map.Entry<String, BigDecimal> step : pricing.stepCents().entrySet()) {
                    add(insert, "step:" + step.getKey(), step.getValue());
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private static void add(PreparedStatement insert, String item, BigDecimal cents) throws SQLException {
        insert.setString(1, item);
        insert.setBigDecimal(2, cents);
        insert.addBatch();
    }
}
