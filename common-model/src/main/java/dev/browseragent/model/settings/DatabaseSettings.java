package dev.browseragent.model.settings;

/**
 * The PostgreSQL server both services use, from {@code browser-agent.database.*} (env
 * {@code BROWSER_AGENT_DATABASE_*}); a group of each service's root configuration mapping. Each service's
 * {@code application.properties} maps it onto its Quarkus datasource.
 */
public interface DatabaseSettings {

    /** {@code postgresql://host:port/database}, e.g. {@code postgresql://127.0.0.1:5432/browser_agent}. */
    String url();

    String username();

    String password();
}
