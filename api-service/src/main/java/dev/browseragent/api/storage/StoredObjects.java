package dev.browseragent.api.storage;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.model.storage.ObjectStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The {@link ObjectStore} for reactive code: each blocking call runs on a worker thread and completes back on the
 * caller's Vert.x context, so a database session or transaction of the caller carries on after it.
 */
@ApplicationScoped
public class StoredObjects {

    private static final Logger LOG = Logger.getLogger(StoredObjects.class);

    private final ObjectStore store;
    private final Vertx vertx;

    public StoredObjects(ObjectStore store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    public Uni<Void> put(String storageKey, byte[] content) {
        return storing(() -> {
            store.put(storageKey, content);
            return null;
        });
    }

    public Uni<Optional<byte[]>> get(String storageKey) {
        return storing(() -> store.get(storageKey));
    }

    /**
     * Runs blocking work over the objects under these keys, in their order, each read only when the work reaches
     * it, so that the work need hold one at a time however many there are; a key without an object is left out.
     */
    public <T> Uni<T> overEach(List<String> storageKeys, Function<Iterator<byte[]>, T> work) {
        return storing(() -> {
            Iterator<byte[]> objects = storageKeys.stream()
                    .map(storageKey -> {
                        try {
                            return store.get(storageKey);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .flatMap(Optional::stream)
                    .iterator();
            try {
                return work.apply(objects);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
    }

    public Uni<Void> delete(String storageKey) {
        return storing(() -> {
            store.delete(storageKey);
            return null;
        });
    }

    /** A store that cannot be reached is the service's trouble, not the client's: a 503 saying so, the cause logged. */
    private <T> Uni<T> storing(Callable<T> work) {
        return blocking(work).onFailure(IOException.class).transform(failure -> {
            LOG.errorf(failure, "File storage failed");
            return new ApiException(503, "File storage is unavailable; try again later");
        });
    }

    /** Runs blocking work (storage, image encoding) off the event loop, back on the caller's context. */
    public <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        Context target = context != null ? context : vertx.getOrCreateContext();
        return Uni.createFrom().completionStage(() -> target.<T>executeBlocking(work, false).toCompletionStage());
    }
}
