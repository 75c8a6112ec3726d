package dev.browseragent.api.storage;

import dev.browseragent.model.storage.ObjectStore;
import dev.browseragent.model.storage.PostgresObjectStore;
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
    ObjectStore objectStore(StorageConfig config, AgroalDataSource dataSource) {
        LOG.infof("Stored files are kept in %s", config.backend() == StorageConfig.Backend.S3
                ? "the S3 bucket " + config.s3().bucket().orElse("(none)") : "PostgreSQL (stored_objects)");
        return switch (config.backend()) {
            case POSTGRES -> new PostgresObjectStore(dataSource);
            case S3 -> S3ObjectStore.create(config.s3());
        };
    }
}
