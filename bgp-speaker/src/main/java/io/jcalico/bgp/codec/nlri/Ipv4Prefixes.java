package io.jcalico.bgp.codec.nlri;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;

/**
 * IPv4 prefixes packed into a {@code long}: address in bits 8..39, length in bits 0..7. Host bits
 * beyond the length are always zero, so equal prefixes have equal keys. Bulk paths keep prefixes
 * in this form and never allocate an object per prefix.
 */
public final class Ipv4Prefixes {
    private Ipv4Prefixes() {
    }

    public static long pack(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length);
        }
        return ((address & mask(length)) & 0xFFFFFFFFL) << 8 | length;
    }

    public static int address(long packed) {
        return (int) (packed >>> 8);
    }

    public static int length(long packed) {
        return (int) (packed & 0xFF);
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public static IPAddress toIpAddress(long packed) {
        return new IPv4Address(address(packed), length(packed));
    }

    /** Packs an IPv4 address with prefix length (a bare address counts as a /32). */
    public static long of(IPAddress prefix) {
        if (!prefix.isIPv4()) {
            throw new IllegalArgumentException("not IPv4: " + prefix);
        }
        Integer length = prefix.getNetworkPrefixLength();
        return pack(prefix.toIPv4().intValue(), length == null ? 32 : length);
    }

    public static long parse(String cidr) {
        return of(new IPAddressString(cidr).getAddress());
    }

    public static String toString(long packed) {
        return toIpAddress(packed).toCanonicalString();
    }
}
