package dev.browseragent.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Several web sites on one loopback port, told apart by the Host header ({@code shop.localhost},
 * {@code evil.localhost}...), with a log of every request they receive: the proof of what the browser fetched.
 */
final class RecordingSites implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String host, String method, String pathAndQuery, String cookie, String body) {
    }

    /** What a site answers at a path. */
    record Response(int status, Map<String, String> headers, String body) {
        static Response html(String body) {
            return new Response(200, Map.of("Content-Type", "text/html; charset=utf-8"), body);
        }

        static Response redirect(String location) {
            return new Response(302, Map.of("Location", location), "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "recording-sites");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();

    RecordingSites() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} of a site. */
    String origin(String host) {
        return "http://" + host + ":" + port();
    }

    /** Serves the response at this host and path (the path without its query). */
    RecordingSites serve(String host, String path, Response response) {
        responses.put(host + path, response);
        return this;
    }

    /** Every request so far. */
    List<Request> requests() {
        return List.copyOf(log);
    }

    /** The requests so far that reached this host. */
    List<Request> requestsTo(String host) {
        return log.stream().filter(request -> request.host().equals(host)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            String host = hostHeader == null ? "" : hostHeader.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            log.add(new Request(host, exchange.getRequestMethod(), pathAndQuery,
                    exchange.getRequestHeaders().getFirst("Cookie"), body));
            Response response = responses.getOrDefault(host + exchange.getRequestURI().getPath(),
                    new Response(404, Map.of("Content-Type", "text/plain"), "not found"));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
