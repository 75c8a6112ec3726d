package dev.browseragent.worker.config;

import dev.browseragent.model.secret.EncryptionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Each group of {@link WorkerServiceConfig} as a bean of its own, so a class asks only for the settings it uses. */
@ApplicationScoped
public class ConfigGroups {

    @Produces
    @Singleton
    WorkerConfig worker(WorkerServiceConfig config) {
        return config.worker();
    }

    @Produces
    @Singleton
    KafkaConfig kafka(WorkerServiceConfig config) {
        return config.kafka();
    }

    @Produces
    @Singleton
    BrowserConfig browser(WorkerServiceConfig config) {
        return config.browser();
    }

    @Produces
    @Singleton
    AgentConfig agent(WorkerServiceConfig config) {
        return config.agent();
    }

    @Produces
    @Singleton
    RecordingConfig recording(WorkerServiceConfig config) {
        return config.recording();
    }

    @Produces
    @Singleton
    SearchConfig search(WorkerServiceConfig config) {
        return config.search();
    }

    @Produces
    @Singleton
    PageLimitsConfig limits(WorkerServiceConfig config) {
        return config.limits();
    }

    @Produces
    @Singleton
    LlmConfig llm(WorkerServiceConfig config) {
        return config.llm();
    }

    @Produces
    @Singleton
    NetworkConfig network(WorkerServiceConfig config) {
        return config.network();
    }

    @Produces
    @Singleton
    ProxyConfig proxy(WorkerServiceConfig config) {
        return config.proxy();
    }

    @Produces
    @Singleton
    StorageConfig storage(WorkerServiceConfig config) {
        return config.storage();
    }

    @Produces
    @Singleton
    LiveConfig live(WorkerServiceConfig config) {
        return config.live();
    }

    @Produces
    @Singleton
    EncryptionSettings encryption(WorkerServiceConfig config) {
        return config.encryption();
    }
}
