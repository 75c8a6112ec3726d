package dev.browseragent.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeEachOnceAndCanBeBound() throws IOException {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.find();
            assertTrue(port >= 10_000 && port < ephemeralStart,
                    port + " is not between 10000 and the ephemeral range's start " + ephemeralStart);
            ports.add(port);
        }
        assertEquals(50, ports.size(), "a port was handed out twice: " + ports);
        try (ServerSocket bound = new ServerSocket(ports.iterator().next(), 1, InetAddress.getLoopbackAddress())) {
            assertTrue(bound.isBound());
        }
    }

    @Test
    void aPortOtherThanZeroIsKept() {
        assertEquals(5432, FreePorts.orFree(5432));
    }
}
