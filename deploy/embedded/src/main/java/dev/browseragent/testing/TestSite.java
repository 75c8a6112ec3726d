package dev.browseragent.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web site for the agent to work on: an HTTP server on 127.0.0.1 serving the HTML pages a test registers, plus
 * {@code /result}, which renders the parameters it receives, so a form with {@code action="/result"} shows
 * what was typed into it, and records them, so a test checks what the browser really submitted. A form may use GET
 * or POST, URL-encoded or {@code multipart/form-data}; the files a multipart form sends are kept in {@link #uploads()}.
 * A hostile page's huge or endless body is {@linkplain #generated generated} as it is sent, never held in memory.
 */
public final class TestSite implements AutoCloseable {

    /** The built-in page that echoes its query string. */
    public static final String RESULT_PATH = "/result";

    private static final Pattern MULTIPART_BOUNDARY = Pattern.compile("multipart/form-data;.*boundary=\"?([^\";]+)");
    /** A part's form field name and, for a file, its file name, from its {@code Content-Disposition} header. */
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"(?:; filename=\"([^\"]*)\")?");

    private final LoopbackServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();
    private final Map<String, Generated> generated = new ConcurrentHashMap<>();
    private final List<Map<String, List<String>>> results = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();

    private record Download(String fileName, byte[] content) {
    }

    /** A body written as it is sent: the head, then the filler over and over; counts what it sent. */
    private record Generated(String contentType, String attachmentName, byte[] head, byte[] chunk, long length,
                             AtomicLong sent, AtomicInteger sending) {
    }

    /** The length of a {@linkplain #generated generated} body that never ends (sent chunked, without a length). */
    public static final long ENDLESS = -1;

    /** A file a form sent to {@link #RESULT_PATH}: the form field, the file's name and its bytes as received. */
    public record Upload(String field, String fileName, byte[] content) {
    }

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

    /** Serves the bytes at the path as an attachment the browser saves under the file name. */
    public TestSite download(String path, String fileName, byte[] content) {
        downloads.put(path, new Download(fileName, content));
        return this;
    }

    /**
     * Serves at the path a body made while it is sent, so that its size costs the test nothing: {@code head}, then
     * {@code filler} over and over, {@code length} bytes in all (announced as its Content-Length, the last filler cut
     * to fit), or without end for {@link #ENDLESS}. Writing stops when the client goes away.
     *
     * @param attachmentName the file name the browser saves it under, or null for a page it shows
     */
    public TestSite generated(String path, String contentType, String attachmentName, String head, String filler,
                              long length) {
        // Whole fillers only, so that a chunk boundary never cuts one (and a tag in it) in two.
        byte[] chunk = filler.repeat(Math.max(1, (64 << 10) / filler.length())).getBytes(StandardCharsets.UTF_8);
        generated.put(path, new Generated(contentType, attachmentName, head.getBytes(StandardCharsets.UTF_8), chunk,
                length, new AtomicLong(), new AtomicInteger()));
        return this;
    }

    /** The bytes of the generated body at the path sent so far, to every client together. */
    public long bytesSent(String path) {
        return generated.get(path).sent().get();
    }

    /** Whether a client is still receiving the generated body at the path. */
    public boolean isSending(String path) {
        return generated.get(path).sending().get() > 0;
    }

    /** The query parameters of every request to {@link #RESULT_PATH} so far, oldest first, each name with its values. */
    public List<Map<String, List<String>>> results() {
        return List.copyOf(results);
    }

    /** The files forms sent to {@link #RESULT_PATH} so far, oldest first. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
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
                Map<String, List<String>> parameters = parameters(exchange.getRequestURI().getRawQuery());
                if (exchange.getRequestMethod().equals("POST")) {
                    readForm(exchange, parameters);
                }
                results.add(parameters);
                send(exchange, 200, resultPage(parameters));
            } else if (downloads.containsKey(path)) {
                Download download = downloads.get(path);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().set("Content-Disposition",
                        "attachment; filename=\"" + download.fileName() + "\"");
                exchange.sendResponseHeaders(200, download.content().length);
                exchange.getResponseBody().write(download.content());
            } else if (generated.containsKey(path)) {
                send(exchange, generated.get(path));
            } else if (pages.containsKey(path)) {
                send(exchange, 200, pages.get(path));
            } else {
                send(exchange, 404, "<html><head><title>Not found</title></head><body>No page at "
                        + escape(path) + "</body></html>");
            }
        }
    }

    private static void send(HttpExchange exchange, Generated body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", body.contentType());
        if (body.attachmentName() != null) {
            exchange.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"" + body.attachmentName() + "\"");
        }
        // 0: chunked, without a length.
        exchange.sendResponseHeaders(200, body.length() == ENDLESS ? 0 : body.length());
        body.sending().incrementAndGet();
        try {
            OutputStream out = exchange.getResponseBody();
            long left = body.length() == ENDLESS ? Long.MAX_VALUE : body.length();
            byte[] part = body.head();
            while (left > 0) {
                int length = (int) Math.min(part.length, left);
                out.write(part, 0, length);
                body.sent().addAndGet(length);
                left -= length;
                part = body.chunk();
            }
        } catch (IOException e) {
            // The client went away (a cancelled download, a closed tab): what a hostile page's body is for.
        } finally {
            body.sending().decrementAndGet();
        }
    }

    private static String resultPage(Map<String, List<String>> parameters) {
        StringBuilder html = new StringBuilder(
                "<html><head><title>Result</title></head><body><h1>Result</h1><ul id=\"result\">");
        parameters.forEach((name, values) -> values.forEach(value ->
                html.append("<li>").append(escape(name)).append(": ").append(escape(value)).append("</li>")));
        return html.append("</ul></body></html>").toString();
    }

    /** Adds a POSTed form's fields to the parameters, and records the files of a multipart form. */
    private void readForm(HttpExchange exchange, Map<String, List<String>> parameters) throws IOException {
        String contentType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
        byte[] body = exchange.getRequestBody().readAllBytes();
        Matcher boundary = MULTIPART_BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            parameters(new String(body, StandardCharsets.UTF_8)).forEach((name, values) ->
                    parameters.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
            return;
        }
        // ISO-8859-1 maps each byte to one char and back, so a file's bytes survive the split unchanged.
        String multipart = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : multipart.split(Pattern.quote("--" + boundary.group(1)))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            Matcher disposition = PART_NAME.matcher(headersEnd < 0 ? "" : part.substring(0, headersEnd));
            if (!disposition.find()) {
                continue;
            }
            String content = part.substring(headersEnd + 4, part.length() - 2);
            if (disposition.group(2) != null) {
                uploads.add(new Upload(disposition.group(1), disposition.group(2),
                        content.getBytes(StandardCharsets.ISO_8859_1)));
            } else {
                parameters.computeIfAbsent(disposition.group(1), key -> new ArrayList<>())
                        .add(new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
    }

    private static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                parameters.computeIfAbsent(decode(nameAndValue[0]), name -> new ArrayList<>())
                        .add(nameAndValue.length > 1 ? decode(nameAndValue[1]) : "");
            }
        }
        return parameters;
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
