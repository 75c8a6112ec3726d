package dev.browseragent.model.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a task may not reach unless private networks are allowed: everything that is not the public
 * internet. IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) are judged by the IPv4 address inside them.
 */
public final class AddressRanges {

    private record Range(byte[] prefix, int bits, String name) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0", 8, "'this network' (0.0.0.0/8)"),
            range("10.0.0.0", 8, "private (10.0.0.0/8)"),
            range("100.64.0.0", 10, "carrier-grade NAT (100.64.0.0/10)"),
            range("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
            range("169.254.0.0", 16, "link-local / cloud metadata (169.254.0.0/16)"),
            range("172.16.0.0", 12, "private (172.16.0.0/12)"),
            range("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
            range("192.0.2.0", 24, "documentation (192.0.2.0/24)"),
            range("192.88.99.0", 24, "6to4 relay anycast (192.88.99.0/24)"),
            range("192.168.0.0", 16, "private (192.168.0.0/16)"),
            range("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
            range("198.51.100.0", 24, "documentation (198.51.100.0/24)"),
            range("203.0.113.0", 24, "documentation (203.0.113.0/24)"),
            range("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
            range("240.0.0.0", 4, "reserved (240.0.0.0/4, incl. broadcast)"),
            range("::", 128, "unspecified (::)"),
            range("::1", 128, "loopback (::1)"),
            range("::", 96, "IPv4-compatible (::/96)"),
            range("64:ff9b:1::", 48, "local-use NAT64 (64:ff9b:1::/48)"),
            range("100::", 64, "discard (100::/64)"),
            range("2001::", 23, "IETF protocol assignments (2001::/23, incl. Teredo)"),
            range("2001:db8::", 32, "documentation (2001:db8::/32)"),
            range("fc00::", 7, "unique-local (fc00::/7)"),
            range("fe80::", 10, "link-local (fe80::/10)"),
            range("fec0::", 10, "site-local (fec0::/10)"),
            range("ff00::", 8, "multicast (ff00::/8)"));
    private static final Range NAT64 = range("64:ff9b::", 96, "NAT64");
    private static final Range SIX_TO_FOUR = range("2002::", 16, "6to4");

    private AddressRanges() {
    }

    /** The non-public range the address lies in (e.g. "loopback (127.0.0.0/8)"), or empty for a public address. */
    public static Optional<String> nonPublicRange(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // ::ffff:a.b.c.d usually arrives as an Inet4Address already; this catches it when it does not.
            if (isMapped(bytes)) {
                return embedded(bytes, 12, "IPv4-mapped");
            }
            if (NAT64.contains(bytes)) {
                return embedded(bytes, 12, "NAT64");
            }
            if (SIX_TO_FOUR.contains(bytes)) {
                return embedded(bytes, 2, "6to4");
            }
        }
        return RANGES.stream().filter(range -> range.contains(bytes)).map(Range::name).findFirst();
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static Optional<String> embedded(byte[] bytes, int offset, String form) {
        try {
            InetAddress inner = Inet4Address.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
            return nonPublicRange(inner).map(range -> form + " form of " + range);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static Range range(String literal, int bits, String name) {
        try {
            // A literal is parsed without any lookup.
            return new Range(InetAddress.getByName(literal).getAddress(), bits, name);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(literal + " is not an address literal", e);
        }
    }
}
