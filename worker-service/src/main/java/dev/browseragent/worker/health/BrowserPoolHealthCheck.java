package dev.browseragent.worker.health;

import dev.browseragent.worker.browser.BrowserPool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while browsers keep failing to start: the worker could claim tasks but not run them. */
@Readiness
@ApplicationScoped
public class BrowserPoolHealthCheck implements HealthCheck {

    private final BrowserPool pool;

    public BrowserPoolHealthCheck(BrowserPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("browser-pool")
                .status(pool.isHealthy())
                .withData("ready", pool.readyCount())
                .withData("browser-processes", BrowserPool.browserProcessCount())
                .build();
    }
}
