package io.jcalico.bgp.routers;

import static com.google.common.base.Preconditions.checkArgument;

import inet.ipaddr.IPAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One BGP neighbour of a reference daemon. Immutable; the {@code with…} methods return copies.
 *
 * @param port the neighbour's TCP port (the daemons happily use non-179 ports)
 * @param localAddress source address of the session; empty means the router's listen
 *     address when it is of the neighbour's family
 * @param holdTime proposed hold time in seconds (0 or at least 3; keepalive is a third)
 * @param connectRetry seconds between connection attempts, also after an error (the
 *     daemons' defaults of 30 to 120 s make tests slow)
 * @param multihop eBGP multihop (BIRD needs it for a 127.x neighbour; on a direct IPv6 session BIRD
 *     adds a link-local next hop that FRR's bgpd without zebra treats as withdrawn, so set it
 *     for BIRD's IPv6 sessions to FRR too)
 * @param families address families negotiated on the session
 * @param importAll accept every route from this neighbour (else none)
 * @param exportAll announce every route to this neighbour (else none)
 * @param password TCP MD5 key of the session (RFC 2385), if any
 * @param ttlSecurity GTSM (RFC 5082) with the neighbour at most this many hops away; 0: off
 */
public record Neighbor(
    IPAddress address,
    int port,
    long remoteAs,
    Optional<IPAddress> localAddress,
    boolean passive,
    int holdTime,
    int connectRetry,
    boolean multihop,
    Set<Family> families,
    boolean routeReflectorClient,
    boolean nextHopSelf,
    boolean importAll,
    boolean exportAll,
    Optional<String> password,
    int ttlSecurity) {

  public Neighbor {
    address = address.withoutPrefixLength();
    checkArgument(port > 0 && port < 65536, "port %s", port);
    checkArgument(remoteAs > 0 && remoteAs <= 0xFFFF_FFFFL, "AS %s", remoteAs);
    checkArgument(holdTime == 0 || holdTime >= 3, "hold time must be 0 or at least 3 s: %s", holdTime);
    checkArgument(connectRetry >= 1, "connect retry %s", connectRetry);
    checkArgument(ttlSecurity >= 0 && ttlSecurity <= 255, "ttlSecurity %s", ttlSecurity);
    checkArgument(!families.isEmpty(), "no address family");
    IPAddress remote = address;
    checkArgument(localAddress.map(a -> a.getIPVersion() == remote.getIPVersion()).orElse(true),
        "local address %s is not of the family of %s", localAddress, address);
    families = Set.copyOf(EnumSet.copyOf(families));
  }

  /** A neighbour with defaults: active, hold time 90 s, retry 5 s, single hop, IPv4 and IPv6, import and export all. */
  public static Neighbor of(IPAddress address, int port, long remoteAs) {
    return new Neighbor(address, port, remoteAs, Optional.empty(), false, 90, 5, false,
        EnumSet.allOf(Family.class), false, false, true, true, Optional.empty(), 0);
  }

  public Neighbor withLocalAddress(IPAddress local) {
    return new Neighbor(address, port, remoteAs, Optional.of(local.withoutPrefixLength()), passive,
        holdTime, connectRetry, multihop, families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withPassive(boolean on) {
    return new Neighbor(address, port, remoteAs, localAddress, on, holdTime, connectRetry, multihop,
        families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withHoldTime(int seconds) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, seconds, connectRetry,
        multihop, families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withConnectRetry(int seconds) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, seconds, multihop,
        families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withMultihop(boolean on) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry, on,
        families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withFamilies(Set<Family> set) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, set, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withRouteReflectorClient(boolean on) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, families, on, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withNextHopSelf(boolean on) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, families, routeReflectorClient, on, importAll, exportAll, password, ttlSecurity);
  }

  /** A copy with import and export policies: true accepts (announces) everything, false nothing. */
  public Neighbor withPolicy(boolean importEverything, boolean exportEverything) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, families, routeReflectorClient, nextHopSelf, importEverything, exportEverything, password, ttlSecurity);
  }

  public Neighbor withPassword(String key) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, families, routeReflectorClient, nextHopSelf, importAll, exportAll, Optional.ofNullable(key),
        ttlSecurity);
  }

  public Neighbor withRemoteAs(long as) {
    return new Neighbor(address, port, as, localAddress, passive, holdTime, connectRetry,
        multihop, families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, ttlSecurity);
  }

  public Neighbor withTtlSecurity(int hops) {
    return new Neighbor(address, port, remoteAs, localAddress, passive, holdTime, connectRetry,
        multihop, families, routeReflectorClient, nextHopSelf, importAll, exportAll, password, hops);
  }

  public boolean carries(Family family) {
    return families.contains(family);
  }

  /** Keepalive interval the daemons are told: a third of the hold time, as RFC 4271 suggests. */
  public int keepalive() {
    return holdTime / 3;
  }
}
