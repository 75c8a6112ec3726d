package dev.browseragent.model.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The addresses nothing a user names may reach unless {@code browser-agent.allow-private-networks} is set: the
 * browser's pages and the webhook targets alike, judged on the resolved address.
 */
public final class InternalAddresses {

    private InternalAddresses() {
    }

    /**
     * Loopback, RFC 1918 private, link-local, unspecified ({@code 0.0.0.0/8}, which Chromium treats as this host),
     * multicast, carrier-grade NAT and IPv6 unique-local.
     */
    public static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean thisNetwork = bytes.length == 4 && bytes[0] == 0;
        boolean carrierGradeNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || thisNetwork || carrierGradeNat
                || uniqueLocal;
    }
}
