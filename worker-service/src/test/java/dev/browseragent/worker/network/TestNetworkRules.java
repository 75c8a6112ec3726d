package dev.browseragent.worker.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.secret.EncryptionSettings;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.NetworkConfig;
import dev.browseragent.worker.config.ProxyConfig;
import dev.browseragent.worker.safety.TaskSafeguards;
import dev.browseragent.worker.secret.WorkerSecretSealer;

/** Network rules and safeguards for plain JUnit tests that build the beans themselves. */
public final class TestNetworkRules {

    private TestNetworkRules() {
    }

    /** The rules with the given {@code browser-agent.network.*} / {@code browser-agent.proxy.*} properties. */
    public static NetworkRules rules(boolean allowPrivateNetworks, String... namesAndValues) {
        return new NetworkRules(allowPrivateNetworks, TestConfigs.mapping(NetworkConfig.class, namesAndValues),
                TestConfigs.mapping(ProxyConfig.class, namesAndValues));
    }

    /** Safeguards for agent runs started directly (no task was begun): they leave the run as it is. */
    public static TaskSafeguards noSafeguards() {
        return new TaskSafeguards(rules(true), new WorkerSecretSealer(TestConfigs.mapping(EncryptionSettings.class)), null,
                new TaskLifecycle(new ObjectMapper()), new ObjectMapper());
    }
}
