package dev.browseragent.api.storage;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.model.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The {@link ObjectStore} that {@code browser-agent.storage.backend} names. */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(ApiConfig config, AgroalDataSource dataSource) {
        ObjectStore store = ObjectStore.open(config.storage(), dataSource);
        LOG.infof("Stored files are kept in %s", store.location());
        return store;
    }
}
