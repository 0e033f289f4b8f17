package io.jcalico.bgp.codec.attr;

import inet.ipaddr.ipv4.IPv4Address;

/** The AGGREGATOR attribute with a 4-octet AS. */
public record Aggregator(long asn, int address) {
    @Override
    public String toString() {
        return asn + ":" + new IPv4Address(address).toCanonicalString();
    }
}
