package dev.browseragent.model.storage;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the bytes of stored files live (uploads, output files), addressed by a storage key that the
 * {@code files} table keeps. Blocking: call it off the event loop. PostgreSQL ({@link PostgresObjectStore}) is the
 * default backend, so the embedded stack needs nothing else; {@link #open} gives the one the settings name, the same
 * in both services (the API stores uploads and serves output files, the worker reads uploads and stores outputs).
 */
public interface ObjectStore {

    /** Where the bytes are, for the log: "PostgreSQL (stored_objects)", "the S3 bucket files"... */
    String location();

    void put(String storageKey, byte[] content) throws IOException;

    Optional<byte[]> get(String storageKey) throws IOException;

    void delete(String storageKey) throws IOException;

    /** The store that {@code browser-agent.storage.backend} names; the PostgreSQL one uses {@code dataSource}. */
    static ObjectStore open(StorageSettings settings, DataSource dataSource) {
        return switch (settings.backend()) {
            case POSTGRES -> new PostgresObjectStore(dataSource);
            case S3 -> S3ObjectStore.create(settings.s3());
        };
    }
}
