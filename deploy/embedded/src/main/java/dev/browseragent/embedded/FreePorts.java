package dev.browseragent.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface that nothing listens on right now. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free a moment ago. Another process could take it before the caller binds it;
     * on a developer machine or in CI that race is rare enough to accept.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    /** Returns {@code port} itself, or a free port when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? find() : port;
    }
}
