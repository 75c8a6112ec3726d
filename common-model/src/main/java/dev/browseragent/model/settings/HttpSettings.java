package dev.browseragent.model.settings;

/**
 * Where a service's HTTP server listens, from {@code browser-agent.http.*} (env {@code BROWSER_AGENT_HTTP_*}); each
 * service's {@code application.properties} gives its own default port.
 */
public interface HttpSettings {

    /** The address to listen on; {@code 0.0.0.0} is every interface. */
    String host();

    int port();
}
