package dev.browseragent.worker.network;

import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One browser's way out: an HTTP proxy on 127.0.0.1 (for a Selenium Grid's browser, on the worker's address the Grid
 * reaches) that Chromium is started behind (every request of every tab, popup, frame, worker and redirect, loopback
 * included), which judges each request by the session's current
 * {@link TaskNetworkPolicy} and connects to the address it judged. Plain HTTP arrives in absolute form and is
 * forwarded one request per connection; HTTPS (and WebSockets) arrive as {@code CONNECT host:port} and are tunnelled
 * without being decrypted, judged by the host they name. A refused request gets a 403 with a page saying why; the
 * browser's navigation then ends there instead of hanging.
 * <p>
 * Hand-written on blocking sockets (a thread per connection, about 250 lines) because what it must do is narrow but
 * unusual for proxy libraries: choose and vet the address itself before connecting, chain to a per-task upstream
 * proxy with that address, and swap its policy when a pre-started browser is handed to a task. Browsers keep a few
 * connections each, so threads are not the limit.
 */
public final class FilteringProxy implements Closeable {

    private static final Logger LOG = Logger.getLogger(FilteringProxy.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int HEAD_TIMEOUT_MILLIS = 30_000;
    /** Hop-by-hop headers, which apply to one connection and are not forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade");
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * A host the proxy answers itself with its {@link #identity()} as the page title: a browser that gets that page
     * is proven to go through this very proxy (a remote browser must, before it is handed a task).
     */
    public static final String PROBE_HOST = "filtering-proxy.browser-agent.invalid";

    private final NetworkRules rules;
    private final ServerSocket server;
    private final ExecutorService threads;
    private volatile TaskNetworkPolicy policy = TaskNetworkPolicy.UNRESTRICTED;
    private final AtomicReference<BlockedRequest> lastBlockedNavigation = new AtomicReference<>();
    private final String identity = UUID.randomUUID().toString();

    private FilteringProxy(NetworkRules rules, ServerSocket server) {
        this.rules = rules;
        this.server = server;
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "browser-proxy-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a proxy on a free port of 127.0.0.1, unrestricted (worker-wide rules only) until a task's policy is applied. */
    public static FilteringProxy start(NetworkRules rules) {
        return start(rules, InetAddress.getLoopbackAddress());
    }

    /** As {@link #start(NetworkRules)}, listening on the given address of this machine (for remote browsers). */
    public static FilteringProxy start(NetworkRules rules, InetAddress listenAddress) {
        try {
            ServerSocket server = new ServerSocket(0, 128, listenAddress);
            FilteringProxy proxy = new FilteringProxy(rules, server);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the browser's filtering proxy", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What this proxy answers for {@link #PROBE_HOST}: random per proxy. */
    public String identity() {
        return identity;
    }

    /** From now on, requests are judged by this policy (connections already open keep going). */
    public void apply(TaskNetworkPolicy taskPolicy) {
        policy = taskPolicy;
        lastBlockedNavigation.set(null);
    }

    /** The last refused navigation since the last call, if any: what an action reports when its page was blocked. */
    public Optional<BlockedRequest> takeLastBlockedNavigation() {
        return Optional.ofNullable(lastBlockedNavigation.getAndSet(null));
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debugf("Closing the proxy's socket: %s", e.getMessage());
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> handle(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warnf("The browser's filtering proxy could not accept a connection: %s", e.getMessage());
                }
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(HEAD_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            Optional<Head> head = Head.read(in);
            if (head.isEmpty()) {
                return;
            }
            if (head.get().method().equalsIgnoreCase("CONNECT")) {
                tunnel(head.get(), client, in);
            } else {
                forward(head.get(), client, in);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Proxy connection ended: %s", e.getMessage());
        }
    }

    /** HTTPS and WebSockets: judge the named host, connect, answer 200 and copy bytes both ways. */
    private void tunnel(Head head, Socket client, InputStream in) throws IOException {
        URI authority;
        try {
            authority = URI.create("https://" + head.target());
        } catch (IllegalArgumentException e) {
            authority = URI.create("https://invalid");
        }
        if (authority.getHost() == null || authority.getPort() < 0) {
            respond(client, 400, "Bad Request", "CONNECT needs host:port");
            return;
        }
        TaskNetworkPolicy current = policy;
        NetworkRules.Verdict verdict = rules.judge(current, "https", authority.getHost());
        if (!verdict.allowed()) {
            refuse(client, "https://" + authority.getHost() + ":" + authority.getPort(), verdict.refusal(), true);
            return;
        }
        try (Socket upstream = connect(current, verdict.address(), authority.getPort())) {
            if (current.upstream().isPresent()) {
                String target = literal(verdict.address()) + ":" + authority.getPort();
                writeHead(upstream.getOutputStream(), "CONNECT " + target + " HTTP/1.1",
                        withProxyAuthorization(List.of(new Header("Host", target)), current));
                Optional<Head> answer = Head.read(upstream.getInputStream());
                if (answer.isEmpty() || !answer.get().target().equals("200")) {
                    respond(client, 502, "Bad Gateway", "the upstream proxy refused the tunnel");
                    return;
                }
            }
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            client.setSoTimeout(0);
            relay(client, in, upstream);
        }
    }

    /** Plain HTTP: judge the absolute URL, send the request on a fresh connection, return the response, close. */
    private void forward(Head head, Socket client, InputStream in) throws IOException {
        URI url;
        try {
            url = URI.create(head.target());
        } catch (IllegalArgumentException e) {
            respond(client, 400, "Bad Request", "not a URL");
            return;
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            respond(client, 400, "Bad Request", "this proxy forwards absolute http:// URLs only");
            return;
        }
        if (PROBE_HOST.equalsIgnoreCase(url.getHost())) {
            respond(client, 200, "OK", identity);
            return;
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        TaskNetworkPolicy current = policy;
        NetworkRules.Verdict verdict = rules.judge(current, "http", url.getHost());
        if (!verdict.allowed()) {
            refuse(client, "http://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + port), verdict.refusal(),
                    isNavigation(head));
            return;
        }
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        List<Header> headers = new ArrayList<>();
        for (Header header : head.headers()) {
            if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        headers.add(new Header("Connection", "close"));
        try (Socket upstream = connect(current, verdict.address(), port)) {
            String requestLine = current.upstream().isPresent()
                    ? head.method() + " http://" + literal(verdict.address()) + ":" + port + path + " HTTP/1.1"
                    : head.method() + " " + path + " HTTP/1.1";
            writeHead(upstream.getOutputStream(), requestLine, withProxyAuthorization(headers, current));
            sendBody(head, in, upstream);
            InputStream response = new BufferedInputStream(upstream.getInputStream());
            Optional<Head> answer = Head.read(response);
            if (answer.isEmpty()) {
                respond(client, 502, "Bad Gateway", "the site closed the connection without answering");
                return;
            }
            List<Header> answerHeaders = new ArrayList<>();
            for (Header header : answer.get().headers()) {
                if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                    answerHeaders.add(header);
                }
            }
            answerHeaders.add(new Header("Connection", "close"));
            OutputStream out = client.getOutputStream();
            writeHead(out, answer.get().statusLine(), answerHeaders);
            response.transferTo(out);
            out.flush();
        }
    }

    /** A request body of known length is copied whole; a chunked one is streamed as the client sends it. */
    private void sendBody(Head head, InputStream in, Socket upstream) throws IOException {
        Optional<String> length = head.header("Content-Length");
        if (length.isPresent()) {
            long remaining = Long.parseLong(length.get().strip());
            OutputStream out = upstream.getOutputStream();
            byte[] buffer = new byte[8192];
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new IOException("the request body ended early");
                }
                out.write(buffer, 0, read);
                remaining -= read;
            }
            out.flush();
        } else if (head.header("Transfer-Encoding").isPresent()) {
            threads.execute(() -> copy(in, upstream, true));
        }
    }

    private Socket connect(TaskNetworkPolicy current, InetAddress address, int port) throws IOException {
        Socket socket = new Socket();
        InetSocketAddress target = current.upstream()
                .map(proxy -> new InetSocketAddress(proxy.host(), proxy.port()))
                .orElseGet(() -> new InetSocketAddress(address, port));
        try {
            socket.connect(target, (int) rules.connectTimeout().toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        socket.setTcpNoDelay(true);
        return socket;
    }

    private void refuse(Socket client, String target, String reason, boolean navigation) throws IOException {
        BlockedRequest blocked = new BlockedRequest(target, reason, navigation);
        if (navigation) {
            lastBlockedNavigation.set(blocked);
        }
        LOG.debugf("Blocked a browser request to %s: %s", target, reason);
        respond(client, 403, "Forbidden", "Blocked by Browser Agent: " + blocked.describe());
    }

    /** Whether Chromium sent the request for a document (Sec-Fetch-Dest/Mode when it sends them, else Accept). */
    private static boolean isNavigation(Head head) {
        Optional<String> mode = head.header("Sec-Fetch-Mode");
        if (mode.isPresent()) {
            return mode.get().equals("navigate");
        }
        return head.header("Accept").map(accept -> accept.startsWith("text/html")).orElse(false);
    }

    private static List<Header> withProxyAuthorization(List<Header> headers, TaskNetworkPolicy current) {
        List<Header> all = new ArrayList<>(headers);
        current.upstream().flatMap(UpstreamProxy::authorization)
                .ifPresent(value -> all.add(new Header("Proxy-Authorization", value)));
        return all;
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }

    private void relay(Socket client, InputStream clientIn, Socket upstream) throws IOException {
        threads.execute(() -> copy(clientIn, upstream, true));
        copy(upstream.getInputStream(), client, false);
    }

    /** Copies until the end of the stream, then ends the output side of the target socket. */
    private static void copy(InputStream from, Socket to, boolean quiet) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            if (!quiet && !(e instanceof SocketException)) {
                LOG.debugf("Proxy copy ended: %s", e.getMessage());
            }
        }
    }

    private static void respond(Socket client, int status, String phrase, String text) throws IOException {
        String html = "<html><head><title>" + escape(text) + "</title></head><body><h1>" + escape(text)
                + "</h1></body></html>";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        writeHead(out, "HTTP/1.1 " + status + " " + phrase, List.of(
                new Header("Content-Type", "text/html; charset=utf-8"),
                new Header("Content-Length", String.valueOf(body.length)),
                new Header("Cache-Control", "no-store"),
                new Header("Connection", "close")));
        out.write(body);
        out.flush();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void writeHead(OutputStream out, String firstLine, List<Header> headers) throws IOException {
        StringBuilder head = new StringBuilder(firstLine).append("\r\n");
        for (Header header : headers) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private record Header(String name, String value) {
    }

    /** A request or response head: the first line's three parts and the header lines. */
    private record Head(String method, String target, String statusLine, List<Header> headers) {

        Optional<String> header(String name) {
            return headers.stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value)
                    .findFirst();
        }

        /** Reads up to the blank line; empty at the end of the stream. For a response, target is the status code. */
        static Optional<Head> read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    return Optional.empty();
                }
                bytes.write(next);
                matched = next == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (next == '\r' ? 1 : 0);
                if (bytes.size() > MAX_HEAD_BYTES) {
                    throw new IOException("head larger than " + MAX_HEAD_BYTES + " bytes");
                }
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] first = lines[0].split(" ", 3);
            if (first.length < 2) {
                throw new IOException("malformed first line");
            }
            List<Header> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new Header(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
                }
            }
            return Optional.of(new Head(first[0], first[1], lines[0], headers));
        }
    }
}
