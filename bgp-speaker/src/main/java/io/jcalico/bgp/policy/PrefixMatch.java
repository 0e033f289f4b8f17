package io.jcalico.bgp.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * A prefix filter entry: routes inside {@code prefix} whose length is within {@code [ge, le]}
 * (both default to the prefix's own length, i.e. an exact match).
 */
public record PrefixMatch(IPAddress prefix, int ge, int le) {

    public PrefixMatch {
        int len = prefix.getNetworkPrefixLength() == null ? prefix.getBitCount() : prefix.getNetworkPrefixLength();
        if (ge < len || le < ge || le > prefix.getBitCount()) {
            throw new IllegalArgumentException("need " + len + " <= ge <= le <= " + prefix.getBitCount() + ": " + prefix
                    + " ge " + ge + " le " + le);
        }
        prefix = prefix.toPrefixBlock();
    }

    /** "198.18.0.0/16", "198.18.0.0/16 le 24", "fd00::/8 ge 64 le 128". */
    public static PrefixMatch parse(String text) {
        String[] t = text.trim().split("\\s+");
        IPAddress p = new IPAddressString(t[0]).getAddress();
        if (p == null) {
            throw new IllegalArgumentException("not a prefix: " + t[0]);
        }
        int len = p.getNetworkPrefixLength() == null ? p.getBitCount() : p.getNetworkPrefixLength();
        int ge = len;
        int le = -1;
        for (int i = 1; i + 1 < t.length; i += 2) {
            switch (t[i]) {
                case "ge" -> ge = Integer.parseInt(t[i + 1]);
                case "le" -> le = Integer.parseInt(t[i + 1]);
                default -> throw new IllegalArgumentException("expected ge/le in " + text);
            }
        }
        if (le < 0) {
            le = t.length > 1 ? p.getBitCount() : ge;
        }
        return new PrefixMatch(p, ge, le);
    }

    private int length() {
        return prefix.getNetworkPrefixLength();
    }

    /**
     * Matches a route given as the top 128 bits (IPv4 addresses sit in the top 32 bits of
     * {@code hi}) and its length.
     */
    public boolean matches(boolean ipv4, long hi, long lo, int routeLength) {
        if (ipv4 != prefix.isIPv4() || routeLength < ge || routeLength > le) {
            return false;
        }
        byte[] b = prefix.getBytes();
        long phi = 0;
        long plo = 0;
        for (int i = 0; i < 16; i++) {
            long v = i < b.length ? b[i] & 0xFF : 0;
            if (i < 8) {
                phi = phi << 8 | v;
            } else {
                plo = plo << 8 | v;
            }
        }
        int len = length();
        long mhi = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
        long mlo = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return (hi & mhi) == phi && (lo & mlo) == plo;
    }

    @Override
    public String toString() {
        return prefix.toCanonicalString() + " ge " + ge + " le " + le;
    }
}
