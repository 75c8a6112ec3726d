package dev.browseragent.api.storage;

import dev.browseragent.model.storage.ObjectStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@link ObjectStore} for reactive code: each blocking call runs on a worker thread and completes back on the
 * caller's Vert.x context, so a database session or transaction of the caller carries on after it.
 */
@ApplicationScoped
public class StoredObjects {

    private final ObjectStore store;
    private final Vertx vertx;

    public StoredObjects(ObjectStore store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    public Uni<Void> put(String storageKey, byte[] content) {
        return blocking(() -> {
            store.put(storageKey, content);
            return null;
        });
    }

    public Uni<Optional<byte[]>> get(String storageKey) {
        return blocking(() -> store.get(storageKey));
    }

    public Uni<Void> delete(String storageKey) {
        return blocking(() -> {
            store.delete(storageKey);
            return null;
        });
    }

    /** Runs blocking work (storage, image encoding) off the event loop, back on the caller's context. */
    public <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        Context target = context != null ? context : vertx.getOrCreateContext();
        return Uni.createFrom().completionStage(() -> target.<T>executeBlocking(work, false).toCompletionStage());
    }
}
