package dev.browseragent.worker.storage;

import dev.browseragent.model.storage.ObjectStore;
import dev.browseragent.worker.config.StorageConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The {@link ObjectStore} that {@code browser-agent.storage.backend} names, opened at start so settings that cannot
 * work (the s3 backend without a bucket) stop the worker there.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @Singleton
    @Startup
    ObjectStore objectStore(StorageConfig config, AgroalDataSource dataSource) {
        ObjectStore store = ObjectStore.open(config, dataSource);
        LOG.infof("Task files and screenshots are kept in %s", store.location());
        return store;
    }
}
