package dev.browseragent.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server on a free port of 127.0.0.1, on daemon threads so a forgotten {@code close()} never keeps a
 * JVM alive. The test servers (model, site) are built on it.
 */
final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server that hands every request to the handler; {@code name} names its threads. */
    static LoopbackServer start(String name, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            return new LoopbackServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " server", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
