package dev.browseragent.model.settings;

import io.smallrye.config.WithDefault;

/**
 * Where a service's management interface listens, from {@code browser-agent.management.*} (env
 * {@code BROWSER_AGENT_MANAGEMENT_*}): the HTTP server of {@code /q/health} and {@code /q/metrics}, on a port of its
 * own so that whatever exposes the API (an Ingress, a load balancer) does not expose them too. Each service's
 * {@code application.properties} gives its own default port (the API 9000, the worker 9001), so that both run side by
 * side on one machine.
 */
public interface ManagementSettings {

    /** The address to listen on; every interface by default, as the kubelet's probes and Prometheus need. */
    @WithDefault("0.0.0.0")
    String host();

    int port();
}
