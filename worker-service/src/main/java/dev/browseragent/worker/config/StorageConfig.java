package dev.browseragent.worker.config;

import dev.browseragent.model.storage.StorageSettings;

/**
 * Where stored files live: the same {@code browser-agent.storage.*} settings as the API's, since the worker reads the
 * uploads the API stored and stores the output files the API serves.
 */
public interface StorageConfig extends StorageSettings {
}
