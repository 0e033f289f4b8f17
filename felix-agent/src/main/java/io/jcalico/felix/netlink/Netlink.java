package io.jcalico.felix.netlink;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import java.util.List;
import java.util.Optional;

/**
 * Kernel networking through rtnetlink, in the one network namespace the handle was opened in
 * ({@link Rtnetlink#open()}, {@link Rtnetlink#openIn}). Calls are synchronous and thread-safe
 * (one request on the socket at a time). Failures are {@link NetlinkException}s carrying the
 * errno: EEXIST for an add that exists, ESRCH/ENOENT for a delete of nothing, ENODEV for an
 * unknown interface, ENETDOWN for a route via a down device.
 */
public interface Netlink extends AutoCloseable {

  // ----- routes (table filtering is the caller's: dumps return every table)
  List<Route> listRoutes(IpFamily family);

  /** Adds; EEXIST if a route with the same destination, table and metric exists. */
  void addRoute(Route route);

  /** Adds, or replaces the route with the same destination, table and metric (any protocol). */
  void replaceRoute(Route route);

  /** Deletes the route matching destination, table, metric, type and protocol; ESRCH if none. */
  void deleteRoute(Route route);

  // ----- links
  List<Link> listLinks();

  Optional<Link> linkByName(String name);

  Optional<Link> linkByIndex(int index);

  /** Creates the pair; returns this end as the kernel now reports it. */
  Link createVeth(VethSpec spec);

  void setLinkUp(int index, boolean up);

  void setMtu(int index, int mtu);

  void setMac(int index, MACAddress mac);

  void deleteLink(int index);

  /** Moves the link into {@code target}; it arrives there down, with no addresses. */
  void moveLinkToNamespace(int index, NetNamespace target);

  // ----- addresses
  List<InterfaceAddress> listAddresses(IpFamily family);

  void addAddress(InterfaceAddress address);

  /** Adds, or updates flags of, the address. */
  void replaceAddress(InterfaceAddress address);

  void deleteAddress(InterfaceAddress address);

  // ----- neighbours
  List<Neighbour> listNeighbours(IpFamily family);

  /** Adds or overwrites the entry for (interface, address). */
  void replaceNeighbour(Neighbour neighbour);

  void deleteNeighbour(Neighbour neighbour);

  /** Convenience: the addresses on one interface. */
  default List<InterfaceAddress> addressesOn(int index, IpFamily family) {
    return listAddresses(family).stream().filter(a -> a.interfaceIndex() == index).toList();
  }

  /** Convenience: is {@code address} (with its prefix length) on interface {@code index}? */
  default boolean hasAddress(int index, IPAddress address) {
    IpFamily family = IpFamily.of(address);
    return addressesOn(index, family).stream().anyMatch(a -> a.address().equals(address)
        || (!address.isPrefixed() && a.host().equals(address)));
  }

  @Override
  void close();
}
