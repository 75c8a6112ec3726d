package dev.browseragent.worker.network;

import dev.browseragent.model.TaskOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkRulesTest {

    private final NetworkRules rules = TestNetworkRules.rules(false,
            "browser-agent.network.allowed-private-hosts", "*.shop.localhost,shop.localhost,evil.localhost",
            "browser-agent.proxy.countries.\"de\"", "http://user:p%40ss@127.0.0.1:3128");

    private static TaskOptions options(List<String> allowedDomains, boolean useProxy, String country) {
        return new TaskOptions(allowedDomains, null, false, null, false, useProxy, country, false, null, 1280, 960, false, null);
    }

    private TaskNetworkPolicy shopOnly() {
        return rules.forTask(options(List.of("shop.localhost", "*.a.shop.localhost"), false, "us")).policy();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.localhost", "SHOP.LOCALHOST", "shop.localhost.", "x.a.shop.localhost"})
    void allowedHostsInAnyCaseOrWithATrailingDotPass(String host) {
        assertTrue(rules.judge(shopOnly(), "http", host).allowed(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.localhost", "evilshop.localhost", "shop.localhost.evil.localhost",
            "shop.localhost@evil.localhost", "127.0.0.1", "[::1]", "xn--shp-sna.localhost", "shöp.localhost",
            "b.shop.localhost", ""})
    void everyOtherHostIsRefusedAsNotAllowed(String host) {
        NetworkRules.Verdict verdict = rules.judge(shopOnly(), "http", host);

        assertFalse(verdict.allowed(), host);
        assertTrue(verdict.refusal().contains("allowed_domains") || verdict.refusal().contains("not a valid host"),
                verdict.refusal());
    }

    @Test
    void privateAddressesAreRefusedUnlessTheHostIsExempt() {
        TaskNetworkPolicy any = rules.forTask(options(null, false, "us")).policy();

        assertTrue(rules.judge(any, "http", "a.shop.localhost").allowed());
        assertTrue(rules.judge(any, "http", "127.0.0.1").refusal().contains("loopback"));
        assertTrue(rules.judge(any, "http", "localhost").refusal().contains("private networks are blocked"));
        assertTrue(rules.judge(any, "https", "[::ffff:10.0.0.1]").refusal().contains("private"));
    }

    @Test
    void aConfiguredCountryChainsItsProxyAndAMissingOneRunsDirectWithANote() {
        NetworkRules.TaskNetwork germany = rules.forTask(options(null, true, "DE"));
        NetworkRules.TaskNetwork france = rules.forTask(options(null, true, "fr"));

        UpstreamProxy proxy = germany.policy().upstream().orElseThrow();
        assertEquals(3128, proxy.port());
        assertEquals("Basic dXNlcjpwQHNz", proxy.authorization().orElseThrow(), "user:p@ss");
        assertTrue(germany.note().isEmpty());
        assertTrue(france.policy().upstream().isEmpty());
        assertTrue(france.note().orElseThrow().contains("'fr'"), france.note().get());
        assertTrue(rules.forTask(options(null, false, "de")).policy().upstream().isEmpty());
    }
}
