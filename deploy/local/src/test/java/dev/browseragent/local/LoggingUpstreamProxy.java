package dev.browseragent.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a country's proxy: logs the head of each plain-HTTP request it forwards (request line and
 * Proxy-Authorization), then passes the request on and the response back.
 */
final class LoggingUpstreamProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> log = new CopyOnWriteArrayList<>();

    LoggingUpstreamProxy() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "upstream-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** One entry per request: its request line, then its Proxy-Authorization value. */
    List<String> log() {
        return List.copyOf(log);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "upstream-proxy-request");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String authorization = "";
            StringBuilder forwarded = new StringBuilder();
            URI target = URI.create(lines[0].split(" ")[1]);
            forwarded.append(lines[0].split(" ")[0]).append(' ').append(target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].toLowerCase().startsWith("proxy-authorization:")) {
                    authorization = lines[i].substring(lines[i].indexOf(':') + 1).strip();
                } else if (!lines[i].isEmpty()) {
                    forwarded.append(lines[i]).append("\r\n");
                }
            }
            log.add(lines[0] + " | " + authorization);
            try (Socket site = new Socket(target.getHost(), target.getPort())) {
                OutputStream out = site.getOutputStream();
                out.write(forwarded.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                site.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            log.add("failed: " + e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
