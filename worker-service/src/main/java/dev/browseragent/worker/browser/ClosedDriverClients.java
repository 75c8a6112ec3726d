package dev.browseragent.worker.browser;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets the JDK release the HTTP clients of closed sessions. Selenium talks to each chromedriver (and each Grid session)
 * through a {@code java.net.http.HttpClient} of its own, and Java 17's client has no {@code close()}: its selector
 * thread and two file descriptors stay until the client is garbage-collected, which in the worker's small, quiet old
 * generation can take hours (the one-hour soak saw a worker's open files climb by two per session, 83 to 415). So
 * every {@value #SESSIONS_PER_COLLECTION} closed sessions the worker asks for a collection: with the serial collector
 * and a heap of tens of megabytes, a pause of milliseconds once in a few tasks, and the descriptors in use follow
 * the sessions running (at 8, the soak still saw a saw-tooth of up to 11 pairs; docs/benchmarks.md, the soak).
 */
final class ClosedDriverClients {

    static final int SESSIONS_PER_COLLECTION = 4;

    private final AtomicInteger closed = new AtomicInteger();

    void sessionClosed() {
        if (closed.incrementAndGet() % SESSIONS_PER_COLLECTION == 0) {
            System.gc();
        }
    }
}
