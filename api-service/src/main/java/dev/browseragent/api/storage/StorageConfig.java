package dev.browseragent.api.storage;

import dev.browseragent.model.storage.StorageSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where stored files, uploads and generated GIFs live (shared with the worker), and the API's JDBC pool for them. */
@ConfigMapping(prefix = "browser-agent.storage")
public interface StorageConfig extends StorageSettings {

    /**
     * Connections of the JDBC pool, which serves the PostgreSQL backend's reads and writes of file bytes (off the
     * event loop) besides the migrations at start.
     */
    @WithDefault("8")
    int jdbcPoolSize();
}
