package dev.browseragent.worker.storage;

import dev.browseragent.model.storage.StorageSettings;
import io.smallrye.config.ConfigMapping;

/**
 * Where stored files live: the same {@code browser-agent.storage.*} settings as the API's, since the worker reads the
 * uploads the API stored and stores the output files the API serves.
 */
@ConfigMapping(prefix = "browser-agent.storage")
public interface StorageConfig extends StorageSettings {
}
