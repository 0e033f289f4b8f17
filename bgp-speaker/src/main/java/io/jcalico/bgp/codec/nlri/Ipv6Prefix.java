package io.jcalico.bgp.codec.nlri;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;

/** An IPv6 prefix as two longs and a length; host bits beyond the length are zero. */
public record Ipv6Prefix(long hi, long lo, int length) {

    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length " + length);
        }
        hi &= maskHi(length);
        lo &= maskLo(length);
    }

    static long maskHi(int length) {
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    static long maskLo(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    public static Ipv6Prefix of(IPAddress prefix) {
        if (!prefix.isIPv6()) {
            throw new IllegalArgumentException("not IPv6: " + prefix);
        }
        byte[] b = prefix.getBytes();
        Integer length = prefix.getNetworkPrefixLength();
        return new Ipv6Prefix(longAt(b, 0), longAt(b, 8), length == null ? 128 : length);
    }

    public static Ipv6Prefix parse(String cidr) {
        return of(new IPAddressString(cidr).getAddress());
    }

    public IPAddress toIpAddress() {
        byte[] b = new byte[16];
        putLong(b, 0, hi);
        putLong(b, 8, lo);
        return new IPv6Address(b, length);
    }

    static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public String toString() {
        return toIpAddress().toCanonicalString();
    }
}
