package dev.browseragent.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on the loopback interface that nothing listens on right now, for services started a little later.
 *
 * <p>The ports come from below the kernel's ephemeral range (where it picks the local port of every outgoing
 * connection): a port from inside it could be taken by any connection opened in the seconds before the service binds
 * it, and the service would then fail to start. Each port is handed out once per JVM.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range starts here; used when the kernel's setting cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    /** Below the ports of well-known local services (e.g. 5432, 8080, 9092). */
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** Returns a port that was free a moment ago and that no outgoing connection of this machine will take. */
    public static synchronized int find() {
        int highest = ephemeralRangeStart() - 1;
        if (highest <= LOWEST) {
            return anyFreePort();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        return anyFreePort();
    }

    /** Returns {@code port} itself, or a free port when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? find() : port;
    }

    /** The first port of the kernel's ephemeral range ({@code ip_local_port_range}). */
    static int ephemeralRangeStart() {
        // A reader, not Files.readString: on this project's CI machines that returned one character of the /proc file.
        try (BufferedReader range = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** What the kernel hands out for port 0: free, but from the ephemeral range. */
    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }
}
