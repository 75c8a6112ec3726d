package dev.browseragent.api.auth;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.support.TestAccounts;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static org.awaitility.Awaitility.await;

/** The bootstrap key as configured at start: a new setting revokes the previous key. */
@QuarkusTest
class BootstrapKeyTest {

    @Inject
    BootstrapKey bootstrapKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void changingTheBootstrapKeyRevokesTheOldOne() throws Exception {
        String newKey = "bu_rotated_bootstrap_key";
        try {
            bootstrapKey.onStart(null, configWithBootstrapKey(newKey), dataSource);
            withKey(newKey).when().get("/api/v1/me").then().statusCode(200);
            // The old key's answer may be cached for browser-agent.auth.cache-ttl.
            awaitTrue(() -> meStatus(TestAccounts.BOOTSTRAP_KEY) == 401, "the old bootstrap key refused");
        } finally {
            bootstrapKey.onStart(null, configWithBootstrapKey(TestAccounts.BOOTSTRAP_KEY), dataSource);
        }
        awaitTrue(() -> meStatus(TestAccounts.BOOTSTRAP_KEY) == 200, "the bootstrap key back");
        awaitTrue(() -> meStatus(newKey) == 401, "the rotated key revoked in turn");
    }

    private static int meStatus(String key) {
        return withKey(key).when().get("/api/v1/me").statusCode();
    }

    /** The application's configuration, but with another bootstrap key: as after a restart with a new setting. */
    private static ApiConfig configWithBootstrapKey(String key) {
        return (ApiConfig) Proxy.newProxyInstance(ApiConfig.class.getClassLoader(), new Class<?>[]{ApiConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("bootstrapApiKey")) {
                        return Optional.of(key);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }
}
