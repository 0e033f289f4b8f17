package io.jcalico.bgp.routers;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a reference daemon (BIRD, FRR bgpd, GoBGP) is told to be: the same value renders to each
 * daemon's own syntax, so one test scenario runs against all three. Immutable; {@code with…}
 * methods return copies.
 *
 * @param listenAddress the address the daemon listens on and, by default, speaks from
 * @param port the daemon's BGP listen port
 * @param originate prefixes the daemon originates itself (BIRD static blackholes, FRR
 *     {@code network}, GoBGP {@code global rib add})
 * @param nextHop4 IPv4 next hop the daemon announces where it would announce itself; needed on
 *     loopback, where FRR drops 127/8 next hops as martian and GoBGP treats them as invalid.
 *     Empty: the session's local address, as the daemons do by default.
 * @param nextHop6 the same for IPv6 routes (also needed to carry IPv6 over an IPv4 session)
 * @param clusterId route reflector cluster ID; empty means the router ID
 * @param verboseLog log session events and NOTIFICATIONs; off for bulk runs, where FRR without
 *     zebra would log a line per route
 */
public record RouterConfig(
    IPv4Address routerId,
    long localAs,
    IPAddress listenAddress,
    int port,
    List<Neighbor> neighbors,
    List<IPAddress> originate,
    Optional<IPAddress> nextHop4,
    Optional<IPAddress> nextHop6,
    Optional<IPv4Address> clusterId,
    boolean verboseLog) {

  public RouterConfig {
    listenAddress = listenAddress.withoutPrefixLength();
    checkArgument(localAs > 0 && localAs <= 0xFFFF_FFFFL, "AS %s", localAs);
    checkArgument(port > 0 && port < 65536, "port %s", port);
    checkArgument(nextHop4.map(IPAddress::isIPv4).orElse(true), "nextHop4 %s", nextHop4);
    checkArgument(nextHop6.map(IPAddress::isIPv6).orElse(true), "nextHop6 %s", nextHop6);
    neighbors = List.copyOf(neighbors);
    originate = originate.stream().map(IPAddress::toPrefixBlock).distinct()
        .collect(ImmutableList.toImmutableList());
    checkArgument(neighbors.stream().map(Neighbor::address).distinct().count() == neighbors.size(),
        "duplicate neighbour in %s", neighbors);
  }

  /** A router with no neighbours and no routes. */
  public static RouterConfig of(IPv4Address routerId, long localAs, IPAddress listenAddress, int port) {
    return new RouterConfig(routerId, localAs, listenAddress, port, List.of(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  public RouterConfig withNeighbor(Neighbor neighbor) {
    return new RouterConfig(routerId, localAs, listenAddress, port,
        ImmutableList.<Neighbor>builder().addAll(neighbors).add(neighbor).build(), originate,
        nextHop4, nextHop6, clusterId, verboseLog);
  }

  /** A copy that also originates {@code prefix} (no change if it already does). */
  public RouterConfig withOriginated(IPAddress prefix) {
    return withOriginate(ImmutableList.<IPAddress>builder().addAll(originate).add(prefix).build());
  }

  /** A copy that no longer originates {@code prefix}. */
  public RouterConfig withoutOriginated(IPAddress prefix) {
    IPAddress block = prefix.toPrefixBlock();
    return withOriginate(originate.stream().filter(p -> !p.equals(block)).toList());
  }

  public RouterConfig withOriginate(List<IPAddress> prefixes) {
    return new RouterConfig(routerId, localAs, listenAddress, port, neighbors, prefixes, nextHop4,
        nextHop6, clusterId, verboseLog);
  }

  public RouterConfig withNextHops(IPAddress v4, IPAddress v6) {
    return new RouterConfig(routerId, localAs, listenAddress, port, neighbors, originate,
        Optional.of(v4.withoutPrefixLength()), Optional.of(v6.withoutPrefixLength()), clusterId,
        verboseLog);
  }

  public RouterConfig withClusterId(IPv4Address id) {
    return new RouterConfig(routerId, localAs, listenAddress, port, neighbors, originate, nextHop4,
        nextHop6, Optional.of(id), verboseLog);
  }

  public RouterConfig withVerboseLog(boolean on) {
    return new RouterConfig(routerId, localAs, listenAddress, port, neighbors, originate, nextHop4,
        nextHop6, clusterId, on);
  }

  public Optional<IPAddress> nextHop(Family family) {
    return family == Family.IPV4 ? nextHop4 : nextHop6;
  }

  public List<IPAddress> originated(Family family) {
    return originate.stream().filter(p -> Family.of(p) == family).toList();
  }

  public Neighbor neighbor(IPAddress address) {
    IPAddress plain = address.withoutPrefixLength();
    return neighbors.stream().filter(n -> n.address().equals(plain)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no neighbour " + address));
  }

  /** The session's source address: the neighbour's own setting, else the listen address if the family fits. */
  public Optional<IPAddress> localAddress(Neighbor neighbor) {
    return neighbor.localAddress().or(() ->
        listenAddress.getIPVersion() == neighbor.address().getIPVersion()
            ? Optional.of(listenAddress) : Optional.empty());
  }

  /**
   * Every address the daemon must listen on: the listen address and each neighbour's own local
   * address (an IPv6 session next to an IPv4 listen address needs its own listener).
   */
  public List<IPAddress> listenAddresses() {
    return Stream.concat(Stream.of(listenAddress),
            neighbors.stream().flatMap(n -> n.localAddress().stream()))
        .distinct().collect(ImmutableList.toImmutableList());
  }

  public boolean internal(Neighbor neighbor) {
    return neighbor.remoteAs() == localAs;
  }
}
