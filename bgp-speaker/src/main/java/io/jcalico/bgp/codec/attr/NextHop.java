package io.jcalico.bgp.codec.attr;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;

/** A BGP next hop: an IPv4 address, or an IPv6 global address with an optional link-local one. */
public sealed interface NextHop {

    IPAddress address();

    record V4(int address32) implements NextHop {
        @Override
        public IPAddress address() {
            return new IPv4Address(address32);
        }

        @Override
        public String toString() {
            return address().toCanonicalString();
        }
    }

    /** Link-local part absent when both its halves are zero (:: is never a link-local address). */
    record V6(long hi, long lo, long linkLocalHi, long linkLocalLo) implements NextHop {
        @Override
        public IPAddress address() {
            return v6(hi, lo);
        }

        public boolean hasLinkLocal() {
            return linkLocalHi != 0 || linkLocalLo != 0;
        }

        /** The link-local address, or null. */
        public IPAddress linkLocal() {
            return hasLinkLocal() ? v6(linkLocalHi, linkLocalLo) : null;
        }

        public V6 withoutLinkLocal() {
            return hasLinkLocal() ? new V6(hi, lo, 0, 0) : this;
        }

        private static IPAddress v6(long hi, long lo) {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return new IPv6Address(b);
        }

        @Override
        public String toString() {
            return hasLinkLocal() ? address().toCanonicalString() + "," + linkLocal().toCanonicalString()
                    : address().toCanonicalString();
        }
    }

    static NextHop of(IPAddress address) {
        return of(address, null);
    }

    static NextHop of(IPAddress global, IPAddress linkLocal) {
        if (global.isIPv4()) {
            return new V4(global.toIPv4().intValue());
        }
        byte[] g = global.getBytes();
        byte[] l = linkLocal == null ? new byte[16] : linkLocal.getBytes();
        return new V6(longAt(g, 0), longAt(g, 8), longAt(l, 0), longAt(l, 8));
    }

    static NextHop parse(String address) {
        return of(new IPAddressString(address).getAddress().withoutPrefixLength());
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }
}
