package io.jcalico.felix.testing;

import static io.jcalico.felix.netlink.NetlinkConstants.IP6_RT_PRIO_USER;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_NOWHERE;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_UNIVERSE;

import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.netlink.Errno;
import io.jcalico.felix.netlink.InterfaceAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Neighbour;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.NetlinkException;
import io.jcalico.felix.netlink.Route;
import io.jcalico.felix.netlink.VethSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory kernel for driver unit tests: routes with the kernel's identity rules (table,
 * destination, metric; IPv6 metric 0 stored as 1024 and scope as universe), links by name, and
 * neighbours; failures injected per operation, and every write counted.
 */
public final class FakeNetlink implements Netlink {
  private record Failure(String op, int errno) {}

  private final List<Route> routes = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final List<Neighbour> neighbours = new ArrayList<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final List<String> writes = new ArrayList<>();
  private int nextIndex = 2;

  /** The next call of {@code op} ("addRoute", "replaceRoute", ...) fails with {@code errno}. */
  public synchronized void failNext(String op, int errno) {
    failures.add(new Failure(op, errno));
  }

  /** Writes made so far, as "op route" lines. */
  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  public synchronized void clearWrites() {
    writes.clear();
  }

  public synchronized int addLink(String name) {
    int index = nextIndex++;
    links.add(new Link(index, name, 1, 1500, null, "veth", 0, 0, 6, -1));
    return index;
  }

  /** Deletes the link and, as the kernel does, every route and neighbour through it. */
  public synchronized void removeLink(String name) {
    links.stream().filter(l -> l.name().equals(name)).findFirst().ifPresent(l -> {
      links.remove(l);
      routes.removeIf(r -> r.outputInterface() == l.index());
      neighbours.removeIf(n -> n.interfaceIndex() == l.index());
    });
  }

  /** Puts a route in as someone else would (ip route add), bypassing failure injection. */
  public synchronized void inject(Route r) {
    routes.add(stored(r));
  }

  public synchronized List<Route> routes() {
    return List.copyOf(routes);
  }

  public synchronized void injectNeighbour(Neighbour n) {
    neighbours.add(n);
  }

  private void maybeFail(String op) {
    Failure f = failures.peek();
    if (f != null && f.op().equals(op)) {
      failures.poll();
      throw new NetlinkException(op + " (injected)", f.errno(), null);
    }
  }

  private static Route stored(Route r) {
    if (r.family() == IpFamily.V6) {
      r = r.withScope(RT_SCOPE_UNIVERSE).withPriority(r.effectivePriority());
    }
    return r;
  }

  private static boolean sameKey(Route a, Route b) {
    return a.destination().equals(b.destination()) && a.table() == b.table()
        && a.effectivePriority() == b.effectivePriority();
  }

  @Override
  public synchronized List<Route> listRoutes(IpFamily family) {
    return routes.stream().filter(r -> r.family() == family).toList();
  }

  @Override
  public synchronized void addRoute(Route route) {
    maybeFail("addRoute");
    if (route.outputInterface() != 0 && linkByIndex(route.outputInterface()).isEmpty()) {
      throw new NetlinkException("addRoute", Errno.ENODEV, null);
    }
    if (routes.stream().anyMatch(r -> sameKey(r, route))) {
      throw new NetlinkException("addRoute", Errno.EEXIST, null);
    }
    writes.add("add " + route);
    routes.add(stored(route));
  }

  @Override
  public synchronized void replaceRoute(Route route) {
    maybeFail("replaceRoute");
    if (route.outputInterface() != 0 && linkByIndex(route.outputInterface()).isEmpty()) {
      throw new NetlinkException("replaceRoute", Errno.ENODEV, null);
    }
    writes.add("replace " + route);
    routes.removeIf(r -> sameKey(r, route));
    routes.add(stored(route));
  }

  @Override
  public synchronized void deleteRoute(Route route) {
    maybeFail("deleteRoute");
    Optional<Route> match = routes.stream().filter(r -> r.destination().equals(route.destination())
        && r.table() == route.table() && (route.protocol() == 0 || r.protocol() == route.protocol())
        && (route.priority() == 0 || r.effectivePriority() == route.priority())
        && (route.scope() == RT_SCOPE_NOWHERE || r.scope() == route.scope())
        && r.type() == route.type()).findFirst();
    if (match.isEmpty()) {
      throw new NetlinkException("deleteRoute", Errno.ESRCH, null);
    }
    writes.add("delete " + route);
    routes.remove(match.get());
  }

  @Override
  public synchronized List<Link> listLinks() {
    return List.copyOf(links);
  }

  @Override
  public synchronized Optional<Link> linkByName(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  @Override
  public synchronized Optional<Link> linkByIndex(int index) {
    return links.stream().filter(l -> l.index() == index).findFirst();
  }

  @Override
  public Link createVeth(VethSpec spec) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void setLinkUp(int index, boolean up) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void setMtu(int index, int mtu) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void setMac(int index, MACAddress mac) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void deleteLink(int index) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void moveLinkToNamespace(int index, NetNamespace target) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public List<InterfaceAddress> listAddresses(IpFamily family) {
    return List.of();
  }

  @Override
  public void addAddress(InterfaceAddress address) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void replaceAddress(InterfaceAddress address) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public void deleteAddress(InterfaceAddress address) {
    throw new UnsupportedOperationException("not faked");
  }

  @Override
  public synchronized List<Neighbour> listNeighbours(IpFamily family) {
    return neighbours.stream().filter(n -> n.family() == family).toList();
  }

  @Override
  public synchronized void replaceNeighbour(Neighbour n) {
    maybeFail("replaceNeighbour");
    if (linkByIndex(n.interfaceIndex()).isEmpty()) {
      throw new NetlinkException("replaceNeighbour", Errno.ENODEV, null);
    }
    writes.add("replace neighbour " + n.address() + " " + n.mac());
    neighbours.removeIf(x -> x.interfaceIndex() == n.interfaceIndex() && x.address().equals(n.address()));
    neighbours.add(n);
  }

  @Override
  public synchronized void deleteNeighbour(Neighbour n) {
    maybeFail("deleteNeighbour");
    boolean removed = neighbours.removeIf(x -> x.interfaceIndex() == n.interfaceIndex() && x.address().equals(n.address()));
    if (!removed) {
      throw new NetlinkException("deleteNeighbour", Errno.ENOENT, null);
    }
    writes.add("delete neighbour " + n.address());
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "fake netlink";
  }
}
