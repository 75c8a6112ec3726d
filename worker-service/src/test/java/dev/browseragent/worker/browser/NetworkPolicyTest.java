package dev.browseragent.worker.browser;

import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkPolicyTest {

    private final NetworkPolicy policy = new NetworkPolicy(TestNetworkRules.rules(false));
    private final NetworkPolicy permissive = new NetworkPolicy(TestNetworkRules.rules(true));

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:8080/", "http://localhost/", "http://shop.localhost:8080/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0:5432/", "http://100.64.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/"})
    void refusesLoopbackPrivateAndLinkLocalAddresses(String url) {
        String refusal = policy.refusal(url).orElseThrow(() -> new AssertionError(url + " was allowed"));

        assertTrue(refusal.contains("private networks are blocked"), refusal);
    }

    @Test
    void allowsPublicAddresses() {
        assertTrue(policy.refusal("https://8.8.8.8/search?q=x").isEmpty());
        assertTrue(policy.refusal("http://[2001:4860:4860::8888]/").isEmpty());
    }

    @Test
    void allowsPrivateAddressesWhenConfiguredTo() {
        assertTrue(permissive.refusal("http://127.0.0.1:8080/").isEmpty());
        assertTrue(permissive.refusal("http://192.168.1.1/").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "javascript:alert(1)", "chrome://settings", "ftp://8.8.8.8/",
            "data:text/html,<h1>x</h1>"})
    void opensOnlyHttpAndHttps(String url) {
        assertTrue(permissive.refusal(url).orElseThrow().startsWith("only http and https URLs")
                || permissive.refusal(url).orElseThrow().contains("is not a valid URL"), url);
    }

    @Test
    void explainsUnresolvableHostsAndInvalidUrls() {
        assertEquals("the host no-such-host.invalid cannot be resolved",
                policy.refusal("http://no-such-host.invalid/").orElseThrow());
        assertTrue(policy.refusal("http://exa mple.com/").orElseThrow().contains("is not a valid URL"));
    }
}
