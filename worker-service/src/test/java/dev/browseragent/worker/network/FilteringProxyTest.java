package dev.browseragent.worker.network;

import dev.browseragent.model.TaskOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tunnel side of the proxy (HTTPS, WebSockets), which the browser tests reach only over plain HTTP. */
class FilteringProxyTest {

    private final ServerSocket target = serverSocket();
    private final ServerSocket upstream = serverSocket();
    private FilteringProxy proxy;

    @AfterEach
    void close() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        target.close();
        upstream.close();
    }

    private static TaskOptions options(List<String> allowedDomains, boolean useProxy) {
        return new TaskOptions(allowedDomains, null, false, null, false, useProxy, "de", false, null, 1280, 960, false, null);
    }

    @Test
    void anAllowedTunnelRelaysBytesBothWays() throws Exception {
        NetworkRules rules = TestNetworkRules.rules(true);
        proxy = FilteringProxy.start(rules);
        proxy.apply(rules.forTask(options(List.of("shop.localhost"), false)).policy());
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(target));

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            send(client, "CONNECT shop.localhost:" + target.getLocalPort() + " HTTP/1.1\r\n\r\n");
            assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 200"));
            send(client, "ping");
            assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1));
        }
        echo.get(10, TimeUnit.SECONDS);
        assertTrue(proxy.takeLastBlockedNavigation().isEmpty());
    }

    @Test
    void aRefusedTunnelIsA403AndReportedAsABlockedNavigation() throws Exception {
        NetworkRules rules = TestNetworkRules.rules(true);
        proxy = FilteringProxy.start(rules);
        proxy.apply(rules.forTask(options(List.of("shop.localhost"), false)).policy());

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            send(client, "CONNECT evil.localhost:" + target.getLocalPort() + " HTTP/1.1\r\n\r\n");
            assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 403"));
        }
        BlockedRequest blocked = proxy.takeLastBlockedNavigation().orElseThrow();
        assertEquals("https://evil.localhost:" + target.getLocalPort() + " was blocked: evil.localhost is not in the"
                + " task's allowed_domains", blocked.describe());
        assertTrue(proxy.takeLastBlockedNavigation().isEmpty(), "taken once");
    }

    @Test
    void aTunnelThroughTheCountrysProxyNamesTheVettedAddressAndAuthenticates() throws Exception {
        NetworkRules rules = TestNetworkRules.rules(true,
                "browser-agent.proxy.countries.\"de\"", "http://user:secret@127.0.0.1:" + upstream.getLocalPort());
        proxy = FilteringProxy.start(rules);
        proxy.apply(rules.forTask(options(null, true)).policy());
        CompletableFuture<String> upstreamHead = CompletableFuture.supplyAsync(() -> {
            try (Socket connection = upstream.accept()) {
                String head = readHead(connection.getInputStream());
                send(connection, "HTTP/1.1 200 Connection established\r\n\r\n");
                connection.getOutputStream().write(connection.getInputStream().readNBytes(4));
                return head;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            send(client, "CONNECT shop.localhost:443 HTTP/1.1\r\n\r\n");
            assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 200"));
            send(client, "ping");
            assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1));
        }
        String head = upstreamHead.get(10, TimeUnit.SECONDS);
        assertTrue(head.startsWith("CONNECT 127.0.0.1:443 HTTP/1.1\r\n"), head);
        assertTrue(head.contains("Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n"), head);
    }

    @Test
    void answersItsProbeHostWithItsOwnIdentityWhateverThePolicy() throws Exception {
        NetworkRules rules = TestNetworkRules.rules(false);
        proxy = FilteringProxy.start(rules);
        proxy.apply(rules.forTask(options(List.of("shop.localhost"), false)).policy());

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            send(client, "GET http://" + FilteringProxy.PROBE_HOST + "/ HTTP/1.1\r\nHost: " + FilteringProxy.PROBE_HOST
                    + "\r\n\r\n");
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("<title>" + proxy.identity() + "</title>"), answer);
        }
        try (FilteringProxy other = FilteringProxy.start(rules)) {
            assertNotEquals(proxy.identity(), other.identity());
        }
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket connection = server.accept()) {
            connection.getOutputStream().write(connection.getInputStream().readNBytes(4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
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

    private static ServerSocket serverSocket() {
        try {
            return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
