package io.jcalico.bgp.codec;

import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OPEN: version, the 2-octet "My AS" field (AS_TRANS for 4-octet ASNs), hold time, BGP identifier
 * and capabilities in the order they came.
 */
public record Open(int version, int myAs, int holdTime, int bgpId, List<Capability> capabilities) implements BgpMessage {
    public static final int VERSION = 4;

    public Open {
        if (myAs < 0 || myAs > 0xFFFF || holdTime < 0 || holdTime > 0xFFFF || version < 0 || version > 255) {
            throw new IllegalArgumentException("OPEN field out of range");
        }
        capabilities = List.copyOf(capabilities);
    }

    /** An OPEN for a (possibly 4-octet) ASN, adding the 4-octet AS capability. */
    public static Open of(long asn, int holdTime, int bgpId, List<Capability> capabilities) {
        List<Capability> caps = new ArrayList<>(capabilities);
        if (caps.stream().noneMatch(c -> c instanceof Capability.FourOctetAs)) {
            caps.add(new Capability.FourOctetAs(asn));
        }
        return new Open(VERSION, asn > 0xFFFF ? AsPath.AS_TRANS : (int) asn, holdTime, bgpId, caps);
    }

    @Override
    public int type() {
        return TYPE_OPEN;
    }

    public <C extends Capability> Optional<C> capability(Class<C> type) {
        return capabilities.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public boolean has(Class<? extends Capability> type) {
        return capability(type).isPresent();
    }

    /** The sender's ASN: from the 4-octet AS capability if present, else the My AS field. */
    public long asn() {
        return capability(Capability.FourOctetAs.class).map(Capability.FourOctetAs::asn).orElse((long) myAs);
    }

    /** Announced families; RFC 4760 §8: none announced means IPv4 unicast only. */
    public List<AddressFamily> families() {
        List<AddressFamily> out = capabilities.stream().filter(c -> c instanceof Capability.MultiProtocol)
                .map(c -> ((Capability.MultiProtocol) c).family()).toList();
        return out.isEmpty() ? List.of(AddressFamily.IPV4_UNICAST) : out;
    }

    public String bgpIdString() {
        return new IPv4Address(bgpId).toCanonicalString();
    }
}
