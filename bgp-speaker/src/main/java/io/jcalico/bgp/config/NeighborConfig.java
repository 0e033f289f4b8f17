package io.jcalico.bgp.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

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
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record NeighborConfig(String address, Integer port, long asn, Boolean passive, Integer holdTime,
                             Boolean routeReflectorClient, String localAddress, Boolean nextHopSelf,
                             String nextHopV4, String nextHopV6, List<String> families, Integer maxPrefixes,
                             String importPolicy, String exportPolicy, String description, Boolean gracefulRestart,
                             Integer maxPrefixRestart) {

    /** Without a max-prefix restart timer. */
    public NeighborConfig(String address, Integer port, long asn, Boolean passive, Integer holdTime,
                          Boolean routeReflectorClient, String localAddress, Boolean nextHopSelf, String nextHopV4,
                          String nextHopV6, List<String> families, Integer maxPrefixes, String importPolicy,
                          String exportPolicy, String description, Boolean gracefulRestart) {
        this(address, port, asn, passive, holdTime, routeReflectorClient, localAddress, nextHopSelf, nextHopV4,
                nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart, null);
    }

    /** A neighbour with only address, port and AS set. */
    public static NeighborConfig of(String address, int port, long asn) {
        return new NeighborConfig(address, port, asn, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public NeighborConfig withPassive(boolean value) {
        return new NeighborConfig(address, port, asn, value, holdTime, routeReflectorClient, localAddress, nextHopSelf,
                nextHopV4, nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withHoldTime(int value) {
        return new NeighborConfig(address, port, asn, passive, value, routeReflectorClient, localAddress, nextHopSelf,
                nextHopV4, nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withLocalAddress(String value) {
        return new NeighborConfig(address, port, asn, passive, holdTime, routeReflectorClient, value, nextHopSelf,
                nextHopV4, nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withNextHops(String v4, String v6) {
        return new NeighborConfig(address, port, asn, passive, holdTime, routeReflectorClient, localAddress, nextHopSelf,
                v4, v6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withRouteReflectorClient(boolean value) {
        return new NeighborConfig(address, port, asn, passive, holdTime, value, localAddress, nextHopSelf,
                nextHopV4, nextHopV6, families, maxPrefixes, importPolicy, exportPolicy, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withPolicies(String importName, String exportName) {
        return new NeighborConfig(address, port, asn, passive, holdTime, routeReflectorClient, localAddress, nextHopSelf,
                nextHopV4, nextHopV6, families, maxPrefixes, importName, exportName, description, gracefulRestart,
                maxPrefixRestart);
    }

    public NeighborConfig withMaxPrefixes(int value) {
        return withMaxPrefixes(value, maxPrefixRestart);
    }

    /** A prefix limit, and the seconds after which a session it closed starts again (null: never by itself). */
    public NeighborConfig withMaxPrefixes(int value, Integer restartSeconds) {
        return new NeighborConfig(address, port, asn, passive, holdTime, routeReflectorClient, localAddress, nextHopSelf,
                nextHopV4, nextHopV6, families, value, importPolicy, exportPolicy, description, gracefulRestart,
                restartSeconds);
    }
}
