package dev.browseragent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web site for the agent to work on: an HTTP server on 127.0.0.1 serving the HTML pages a test registers, plus
 * {@code /result}, which renders the query parameters it receives, so a form with {@code action="/result"} shows
 * what was typed into it.
 */
public final class TestSite implements AutoCloseable {

    /** The built-in page that echoes its query string. */
    public static final String RESULT_PATH = "/result";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    private TestSite(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a site on a free port of 127.0.0.1. */
    public static TestSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(Daemons.named("test-site"));
            server.setExecutor(executor);
            TestSite site = new TestSite(server, executor);
            server.createContext("/", site::handle);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test site", e);
        }
    }

    /** Serves the HTML at the path (replacing an earlier page there). */
    public TestSite page(String path, String html) {
        pages.put(path, html);
        return this;
    }

    /** The absolute URL of a path on this site. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(RESULT_PATH)) {
                send(exchange, 200, resultPage(exchange.getRequestURI().getRawQuery()));
            } else if (pages.containsKey(path)) {
                send(exchange, 200, pages.get(path));
            } else {
                send(exchange, 404, "<html><head><title>Not found</title></head><body>No page at "
                        + escape(path) + "</body></html>");
            }
        }
    }

    private static String resultPage(String rawQuery) {
        StringBuilder html = new StringBuilder(
                "<html><head><title>Result</title></head><body><h1>Result</h1><ul id=\"result\">");
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                html.append("<li>").append(escape(decode(nameAndValue[0]))).append(": ")
                        .append(escape(nameAndValue.length > 1 ? decode(nameAndValue[1]) : "")).append("</li>");
            }
        }
        return html.append("</ul></body></html>").toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
