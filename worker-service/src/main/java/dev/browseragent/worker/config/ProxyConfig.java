package dev.browseragent.worker.config;


import java.util.Map;

/**
 * Upstream proxies for {@code use_proxy}, per {@code proxy_country_code}:
 * {@code browser-agent.proxy.countries."us"=http://user:password@host:port} (env
 * {@code BROWSER_AGENT_PROXY_COUNTRIES_US}). None by default: tasks then run direct, and say so.
 */
public interface ProxyConfig {

    /** Lower-case country code → HTTP proxy URL, with the credentials as its user info. */
    Map<String, String> countries();
}
