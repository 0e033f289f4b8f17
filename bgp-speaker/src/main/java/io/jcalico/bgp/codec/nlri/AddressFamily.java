package io.jcalico.bgp.codec.nlri;

/**
 * An AFI/SAFI pair (RFC 4760). An open code point: any pair round-trips, only IPv4 and IPv6 unicast
 * carry routes here.
 */
public record AddressFamily(int afi, int safi) {
    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;
    public static final AddressFamily IPV4_UNICAST = new AddressFamily(AFI_IPV4, SAFI_UNICAST);
    public static final AddressFamily IPV6_UNICAST = new AddressFamily(AFI_IPV6, SAFI_UNICAST);

    public AddressFamily {
        if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
        }
    }

    /** Returns the shared constant for the known families, a fresh value otherwise. */
    public static AddressFamily valueOf(int afi, int safi) {
        if (safi == SAFI_UNICAST) {
            if (afi == AFI_IPV4) {
                return IPV4_UNICAST;
            }
            if (afi == AFI_IPV6) {
                return IPV6_UNICAST;
            }
        }
        return new AddressFamily(afi, safi);
    }

    /** True for the families this speaker carries routes of. */
    public boolean isSupported() {
        return equals(IPV4_UNICAST) || equals(IPV6_UNICAST);
    }

    public boolean isIpv4() {
        return afi == AFI_IPV4;
    }

    /** Width of an address of this family in bits (IPv4 32, otherwise 128). */
    public int addressBits() {
        return afi == AFI_IPV4 ? 32 : 128;
    }

    @Override
    public String toString() {
        if (equals(IPV4_UNICAST)) {
            return "ipv4-unicast";
        }
        if (equals(IPV6_UNICAST)) {
            return "ipv6-unicast";
        }
        return "afi" + afi + "/safi" + safi;
    }
}
