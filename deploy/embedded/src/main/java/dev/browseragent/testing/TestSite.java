package dev.browseragent.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web site for the agent to work on: an HTTP server on 127.0.0.1 serving the HTML pages a test registers, plus
 * {@code /result}, which renders the query parameters it receives, so a form with {@code action="/result"} shows
 * what was typed into it.
 */
public final class TestSite implements AutoCloseable {

    /** The built-in page that echoes its query string. */
    public static final String RESULT_PATH = "/result";

    private final LoopbackServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    private TestSite() {
        this.server = LoopbackServer.start("test-site", this::handle);
    }

    /** Starts a site on a free port of 127.0.0.1. */
    public static TestSite start() {
        return new TestSite();
    }

    /** Serves the HTML at the path (replacing an earlier page there). */
    public TestSite page(String path, String html) {
        pages.put(path, html);
        return this;
    }

    /** The absolute URL of a path on this site. */
    public String url(String path) {
        return server.baseUrl() + path;
    }

    @Override
    public void close() {
        server.close();
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
