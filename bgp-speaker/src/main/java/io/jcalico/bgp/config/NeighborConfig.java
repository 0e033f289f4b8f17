package io.jcalico.bgp.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.function.Consumer;

/**
 * One neighbour as written in the YAML config. Absent values take the speaker's defaults.
 *
 * @param port the peer's TCP port (179 when absent)
 * @param families "ipv4-unicast" and/or "ipv6-unicast" (both when absent)
 * @param nextHopV4 address announced as our IPv4 next hop instead of the session's local address
 * @param nextHopV6 the same for IPv6 (needed to announce IPv6 over an IPv4 session)
 * @param maxPrefixes accepted prefixes above which the session is reset with Cease/1 (0: none)
 * @param gracefulRestart false to not announce graceful restart to this peer
 * @param maxPrefixRestart seconds after which a session closed for exceeding {@code maxPrefixes}
 *     starts again (BIRD {@code receive limit ... action restart}, FRR {@code maximum-prefix N restart});
 *     absent or 0: it stays Idle until an operator resets it
 * @param password TCP MD5 signature key (RFC 2385, BIRD {@code password}); needs the epoll transport
 * @param ttlSecurity GTSM (RFC 5082): the peer is at most this many hops away (1: directly
 *     connected); we send with TTL 255 and drop segments below {@code 256 - ttlSecurity}; absent or 0: off
 * @param localAsn the AS we are towards this peer instead of the speaker's (BIRD {@code local as})
 * @param keepaliveTime seconds between our KEEPALIVEs (BIRD {@code keepalive time}); the hold time
 *     we propose becomes three times it unless {@code holdTime} is given
 * @param allowLocalAs accept routes whose AS_PATH holds our AS up to this many times (BIRD
 *     {@code allow local as N}, allowas-in); absent or 0: any occurrence is a loop
 * @param nextHopSelf announce ourselves as next hop for every route, also to an iBGP peer for routes
 *     learnt from others (BIRD {@code next hop self}, Calico {@code nextHopMode: Self})
 * @param nextHopKeep pass on the next hop a route came with, also to an eBGP peer (BIRD
 *     {@code next hop keep}, Calico {@code nextHopMode: Keep}); excludes {@code nextHopSelf}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record NeighborConfig(String address, Integer port, long asn, Boolean passive, Integer holdTime,
                             Boolean routeReflectorClient, String localAddress, Boolean nextHopSelf,
                             String nextHopV4, String nextHopV6, List<String> families, Integer maxPrefixes,
                             String importPolicy, String exportPolicy, String description, Boolean gracefulRestart,
                             Integer maxPrefixRestart, String password, Integer ttlSecurity, Long localAsn,
                             Integer keepaliveTime, Integer allowLocalAs, Boolean nextHopKeep) {

    public NeighborConfig {
        if (ttlSecurity != null && (ttlSecurity < 0 || ttlSecurity > 255)) {
            throw new IllegalArgumentException("ttlSecurity must be 0..255 hops: " + ttlSecurity);
        }
        if (keepaliveTime != null && (keepaliveTime < 1 || keepaliveTime > 21845)) {
            throw new IllegalArgumentException("keepaliveTime must be 1..21845 s: " + keepaliveTime);
        }
        if (allowLocalAs != null && allowLocalAs < 0) {
            throw new IllegalArgumentException("allowLocalAs must not be negative: " + allowLocalAs);
        }
        if (Boolean.TRUE.equals(nextHopSelf) && Boolean.TRUE.equals(nextHopKeep)) {
            throw new IllegalArgumentException("nextHopSelf and nextHopKeep exclude each other");
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
    }

    /** Without a max-prefix restart timer nor session security and timer options. */
    public NeighborConfig(String address, Integer port, long asn, Boolean passive, Integer holdTime,
                          Boolean routeReflectorClient, String localAddress, Boolean nextHopSelf, String nextHopV4,
                          String nextHopV6, List<String> families, Integer maxPrefixes, String importPolicy,
                          String exportPolicy, String description, Boolean gracefulRestart) {
        this(address, port, asn, passive, holdTime, routeReflectorClient, localAddress, nextHopSelf, nextHopV4,
                nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart, null,
                null, null, null, null, null, null);
    }

    /** A neighbour with only address, port and AS set. */
    public static NeighborConfig of(String address, int port, long asn) {
        return new NeighborConfig(address, port, asn, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public NeighborConfig withPassive(boolean value) {
        return copy(b -> b.passive = value);
    }

    public NeighborConfig withHoldTime(int value) {
        return copy(b -> b.holdTime = value);
    }

    public NeighborConfig withLocalAddress(String value) {
        return copy(b -> b.localAddress = value);
    }

    public NeighborConfig withNextHops(String v4, String v6) {
        return copy(b -> {
            b.nextHopV4 = v4;
            b.nextHopV6 = v6;
        });
    }

    public NeighborConfig withRouteReflectorClient(boolean value) {
        return copy(b -> b.routeReflectorClient = value);
    }

    public NeighborConfig withPolicies(String importName, String exportName) {
        return copy(b -> {
            b.importPolicy = importName;
            b.exportPolicy = exportName;
        });
    }

    public NeighborConfig withMaxPrefixes(int value) {
        return withMaxPrefixes(value, maxPrefixRestart);
    }

    /** A prefix limit, and the seconds after which a session it closed starts again (null: never by itself). */
    public NeighborConfig withMaxPrefixes(int value, Integer restartSeconds) {
        return copy(b -> {
            b.maxPrefixes = value;
            b.maxPrefixRestart = restartSeconds;
        });
    }

    public NeighborConfig withFamilies(List<String> value) {
        return copy(b -> b.families = value);
    }

    public NeighborConfig withDescription(String value) {
        return copy(b -> b.description = value);
    }

    /** TCP MD5 key (null: none). */
    public NeighborConfig withPassword(String value) {
        return copy(b -> b.password = value);
    }

    /** GTSM with the peer at most {@code hops} away (null or 0: off). */
    public NeighborConfig withTtlSecurity(Integer hops) {
        return copy(b -> b.ttlSecurity = hops);
    }

    /** The AS we are towards this peer (null: the speaker's). */
    public NeighborConfig withLocalAsn(Long value) {
        return copy(b -> b.localAsn = value);
    }

    public NeighborConfig withKeepaliveTime(Integer seconds) {
        return copy(b -> b.keepaliveTime = seconds);
    }

    public NeighborConfig withAllowLocalAs(Integer times) {
        return copy(b -> b.allowLocalAs = times);
    }

    /** Next hop self (BIRD {@code next hop self}); clears next hop keep. */
    public NeighborConfig withNextHopSelf(boolean value) {
        return copy(b -> {
            b.nextHopSelf = value;
            b.nextHopKeep = value ? Boolean.FALSE : b.nextHopKeep;
        });
    }

    /** Next hop keep (BIRD {@code next hop keep}); clears next hop self. */
    public NeighborConfig withNextHopKeep(boolean value) {
        return copy(b -> {
            b.nextHopKeep = value;
            b.nextHopSelf = value ? Boolean.FALSE : b.nextHopSelf;
        });
    }

    /** GTSM is on. */
    public boolean gtsm() {
        return ttlSecurity != null && ttlSecurity > 0;
    }

    /** The components as mutable fields, for the {@code with} methods. */
    private static final class Copy {
        String address;
        Integer port;
        long asn;
        Boolean passive;
        Integer holdTime;
        Boolean routeReflectorClient;
        String localAddress;
        Boolean nextHopSelf;
        String nextHopV4;
        String nextHopV6;
        List<String> families;
        Integer maxPrefixes;
        String importPolicy;
        String exportPolicy;
        String description;
        Boolean gracefulRestart;
        Integer maxPrefixRestart;
        String password;
        Integer ttlSecurity;
        Long localAsn;
        Integer keepaliveTime;
        Integer allowLocalAs;
        Boolean nextHopKeep;
    }

    private NeighborConfig copy(Consumer<Copy> change) {
        Copy b = new Copy();
        b.address = address;
        b.port = port;
        b.asn = asn;
        b.passive = passive;
        b.holdTime = holdTime;
        b.routeReflectorClient = routeReflectorClient;
        b.localAddress = localAddress;
        b.nextHopSelf = nextHopSelf;
        b.nextHopV4 = nextHopV4;
        b.nextHopV6 = nextHopV6;
        b.families = families;
        b.maxPrefixes = maxPrefixes;
        b.importPolicy = importPolicy;
        b.exportPolicy = exportPolicy;
        b.description = description;
        b.gracefulRestart = gracefulRestart;
        b.maxPrefixRestart = maxPrefixRestart;
        b.password = password;
        b.ttlSecurity = ttlSecurity;
        b.localAsn = localAsn;
        b.keepaliveTime = keepaliveTime;
        b.allowLocalAs = allowLocalAs;
        b.nextHopKeep = nextHopKeep;
        change.accept(b);
        return new NeighborConfig(b.address, b.port, b.asn, b.passive, b.holdTime, b.routeReflectorClient,
                b.localAddress, b.nextHopSelf, b.nextHopV4, b.nextHopV6, b.families, b.maxPrefixes, b.importPolicy,
                b.exportPolicy, b.description, b.gracefulRestart, b.maxPrefixRestart, b.password, b.ttlSecurity,
                b.localAsn, b.keepaliveTime, b.allowLocalAs, b.nextHopKeep);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "NeighborConfig[" + address + (port == null ? "" : ":" + port) + " AS" + asn
                + (password == null ? "" : ", password set") + (gtsm() ? ", ttlSecurity " + ttlSecurity : "")
                + (localAsn == null ? "" : ", local AS" + localAsn) + "]";
    }
}
