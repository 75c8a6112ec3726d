package dev.browseragent.api.database;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a pass of background work (publish the outbox, send due webhooks) one at a time in this process: a request
 * that comes while a pass runs makes one more pass follow it, so no request is lost and passes never overlap.
 */
public final class SerialPasses {

    private final Supplier<Uni<Boolean>> pass;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    /** @param pass one pass; its item says whether more work is probably waiting (another pass follows at once) */
    public SerialPasses(Supplier<Uni<Boolean>> pass) {
        this.pass = pass;
    }

    /** Asks for a pass; completes when the passes this one started are done, or at once when one is running. */
    public Uni<Void> request() {
        requested.set(true);
        return start();
    }

    private Uni<Void> start() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        requested.set(false);
        return Uni.createFrom().deferred(pass::get)
                .invoke(more -> {
                    if (more) {
                        requested.set(true);
                    }
                })
                .replaceWithVoid()
                .eventually(() -> {
                    running.set(false);
                    return requested.get() ? start() : Uni.createFrom().voidItem();
                });
    }
}
