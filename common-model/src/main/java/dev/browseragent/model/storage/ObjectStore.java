package dev.browseragent.model.storage;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the bytes of stored files live (uploads, output files), addressed by a storage key that the
 * {@code files} table keeps. Blocking: call it off the event loop. PostgreSQL ({@link PostgresObjectStore}) is the
 * default backend, so the embedded stack needs nothing else.
 */
public interface ObjectStore {

    void put(String storageKey, byte[] content) throws IOException;

    Optional<byte[]> get(String storageKey) throws IOException;

    void delete(String storageKey) throws IOException;
}
