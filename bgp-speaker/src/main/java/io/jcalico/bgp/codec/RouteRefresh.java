package io.jcalico.bgp.codec;

import io.jcalico.bgp.codec.nlri.AddressFamily;

/** ROUTE-REFRESH (RFC 2918) with the enhanced subtypes BoRR/EoRR (RFC 7313). */
public record RouteRefresh(AddressFamily family, int subtype) implements BgpMessage {
    public static final int NORMAL = 0;
    public static final int BEGIN_OF_RR = 1;
    public static final int END_OF_RR = 2;

    public RouteRefresh {
        if (subtype < 0 || subtype > 255) {
            throw new IllegalArgumentException("subtype " + subtype);
        }
    }

    public static RouteRefresh request(AddressFamily family) {
        return new RouteRefresh(family, NORMAL);
    }

    @Override
    public int type() {
        return TYPE_ROUTE_REFRESH;
    }
}
