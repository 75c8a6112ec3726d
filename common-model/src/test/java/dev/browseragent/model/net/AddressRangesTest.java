package dev.browseragent.model.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressRangesTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 'this network'", "127.0.0.1, loopback", "127.255.1.2, loopback", "10.0.0.1, private (10",
            "172.16.0.1, private (172", "172.31.255.255, private (172", "192.168.0.1, private (192",
            "169.254.169.254, link-local / cloud metadata", "100.64.0.1, carrier-grade NAT",
            "100.127.255.255, carrier-grade NAT", "198.18.0.1, benchmarking", "198.19.255.255, benchmarking",
            "192.0.2.1, documentation", "224.0.0.1, multicast", "239.255.255.250, multicast",
            "240.0.0.1, reserved", "255.255.255.255, reserved", "192.0.0.170, IETF protocol",
            "::, unspecified", "::1, loopback (::1)", "fc00::1, unique-local", "fd00:ec2::254, unique-local",
            "fe80::1, link-local", "ff02::1, multicast", "2001:db8::1, documentation",
            "'::ffff:127.0.0.1', loopback", "'::ffff:169.254.169.254', link-local",
            "'64:ff9b::7f00:1', NAT64 form of loopback", "'64:ff9b::a9fe:a9fe', NAT64 form of link-local",
            "'2002:7f00:1::', 6to4 form of loopback", "'2002:c0a8:101::1', 6to4 form of private",
            "'64:ff9b:1::1', local-use NAT64", "'2001:0:4136:e378::1', Teredo"})
    void nonPublicAddressesNameTheirRange(String address, String range) throws UnknownHostException {
        String found = AddressRanges.nonPublicRange(InetAddress.getByName(address))
                .orElseThrow(() -> new AssertionError(address + " was taken for public"));

        assertTrue(found.contains(range), address + " → " + found);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
            "198.17.255.255", "198.20.0.0", "169.253.255.255", "2001:4860:4860::8888", "64:ff9b::808:808",
            "2002:808:808::1", "::ffff:8.8.8.8"})
    void publicAddressesPass(String address) throws UnknownHostException {
        assertEquals(java.util.Optional.empty(), AddressRanges.nonPublicRange(InetAddress.getByName(address)), address);
    }
}
