package io.jcalico.felix.driver.route;

import static io.jcalico.felix.netlink.NetlinkConstants.IP6_RT_PRIO_USER;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_BLACKHOLE;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_PROHIBIT;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_UNICAST;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_UNREACHABLE;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_TABLE_MAIN;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.driver.KernelTableReconciler;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.NetlinkException;
import io.jcalico.felix.netlink.Route;
import io.jcalico.felix.shim.Scheduler;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the routes with our protocol number in one routing table (main by default):
 * blocks learned over BGP ({@code <block> via <node>}), blackholes for our own blocks and
 * {@code <pod>/32 dev caliX scope link} for local pods, IPv4 and IPv6, keyed by destination.
 *
 * <p>Ownership is by route protocol: {@link #JCALICO_ROUTE_PROTOCOL} (80, the number Felix uses
 * for its own routes; ip shows "proto 80"). A route with any other protocol is never deleted, and
 * is replaced only when {@link Config#replaceForeignRoutes} says so; otherwise it is reported as
 * a conflict and left alone.
 *
 * <p>Hazards, and how they are handled (cf. Felix's {@code route_table.go}):
 * <ul>
 *   <li><b>The kernel fills in fields.</b> IPv6 routes added with metric 0 come back with 1024
 *       and every IPv6 route with scope universe; a blackhole reports {@code dev lo}; a route via
 *       a gateway gets the resolved device. Comparison goes through {@link RouteSpec}, which
 *       drops exactly those, or every resync would rewrite every route.
 *   <li><b>Kernel identity is (table, destination, tos, metric), not protocol.</b> An add where a
 *       foreign route has the same key fails with EEXIST and a replace would silently take it
 *       over; so foreign routes at our key are tracked and block the write unless allowed.
 *       Ours are written at the default metric only; ours found at another metric (hand-made)
 *       are deleted once in sync.
 *   <li><b>Interfaces come and go.</b> A pod route names its device by name; the index is looked
 *       up when written. Deleting an interface deletes its routes in the kernel; a recreated
 *       interface has a new index. A missing or down device makes the route wait (not a failure),
 *       and {@link #interfaceChanged} or the next resync retries it; ENODEV drops the cached
 *       index.
 *   <li><b>Restarts must not flush.</b> At start the kernel's routes of ours are adopted: kept,
 *       compared with the desired state as it arrives, and only deleted after
 *       {@link #markInSync()} (BGP may take seconds to relearn a block; a flush would black-hole
 *       it meanwhile).
 *   <li><b>Someone edits by hand.</b> A route deleted or changed by hand is rewritten at the
 *       next periodic resync (90 s by default, configurable); an EEXIST on add forces a resync.
 *   <li><b>Dumps can be inconsistent</b> when the table changes during the dump; the socket
 *       redoes a dump the kernel flags as interrupted.
 *   <li><b>ECMP</b> (RTA_MULTIPATH) routes are not produced by us; one found at our key reads
 *       as different and is replaced by the single-path route.
 * </ul>
 */
public final class RouteReconciler extends KernelTableReconciler<IPAddress, RouteTarget, RouteSpec> {
  private static final Logger log = LoggerFactory.getLogger(RouteReconciler.class);

  /** Our route protocol number: "proto 80", as Felix's own routes. */
  public static final int JCALICO_ROUTE_PROTOCOL = 80;

  private static final Set<Integer> ROUTE_TYPES = Set.of(RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT);

  /**
   * @param protocol the route protocol we own
   * @param table the routing table we write
   * @param replaceForeignRoutes take over a route of another protocol at a key we want
   * @param settings resync period and retry delay
   */
  public record Config(int protocol, int table, boolean replaceForeignRoutes, Settings settings) {
    public static final Config DEFAULT = new Config(JCALICO_ROUTE_PROTOCOL, RT_TABLE_MAIN, false, Settings.DEFAULT);

    public Config withSettings(Settings s) {
      return new Config(protocol, table, replaceForeignRoutes, s);
    }

    public Config withReplaceForeignRoutes(boolean replace) {
      return new Config(protocol, table, replace, settings);
    }

    public Config withTable(int t) {
      return new Config(protocol, t, replaceForeignRoutes, settings);
    }
  }

  private final Netlink netlink;
  private final Config config;
  private final Map<String, Integer> ifindexByName = new HashMap<>();
  private final Map<IPAddress, Route> foreign = new HashMap<>();

  public RouteReconciler(Netlink netlink, Scheduler scheduler, Config config) {
    super("routes(table " + config.table() + ", proto " + config.protocol() + ")", scheduler, config.settings());
    this.netlink = netlink;
    this.config = config;
  }

  public void setRoute(RouteTarget target) {
    set(target.destination(), target);
  }

  public void removeRoute(IPAddress destination) {
    remove(IpFamily.prefix(destination));
  }

  public void replaceAllRoutes(Collection<RouteTarget> all) {
    Map<IPAddress, RouteTarget> byDestination = new LinkedHashMap<>();
    all.forEach(t -> byDestination.put(t.destination(), t));
    replaceAll(byDestination);
  }

  /** An interface appeared, was recreated or came up: retry the routes through it now. */
  public synchronized void interfaceChanged(String interfaceName) {
    ifindexByName.remove(interfaceName);
    markDirty(t -> interfaceName.equals(t.interfaceName()));
  }

  /**
   * {@code target}'s route through interface {@code ifindex} was just written, with our protocol,
   * by the CNI ADD path (a pod's host route must exist before ADD answers).
   */
  public synchronized void noteWritten(RouteTarget target, int ifindex) {
    if (target.interfaceName() != null) {
      ifindexByName.put(target.interfaceName(), ifindex);
    }
    noteWritten(target.destination(), RouteSpec.of(target.toRoute(ifindex).withTable(config.table())));
  }

  @Override
  protected synchronized Map<IPAddress, RouteSpec> readOwned() {
    ifindexByName.clear();
    for (Link l : netlink.listLinks()) {
      ifindexByName.put(l.name(), l.index());
    }
    foreign.clear();
    Map<IPAddress, RouteSpec> owned = new HashMap<>();
    for (IpFamily family : IpFamily.values()) {
      int defaultMetric = family == IpFamily.V6 ? IP6_RT_PRIO_USER : 0;
      for (Route r : netlink.listRoutes(family)) {
        if (r.table() != config.table() || !ROUTE_TYPES.contains(r.type()) || r.effectivePriority() != defaultMetric) {
          if (r.protocol() == config.protocol() && r.table() == config.table()) {
            deleteStray(r);
          }
          continue;
        }
        if (r.protocol() == config.protocol()) {
          owned.put(r.destination(), RouteSpec.of(r));
        } else {
          foreign.put(r.destination(), r);
        }
      }
    }
    return owned;
  }

  private void deleteStray(Route r) {
    if (!isInSync()) {
      return;
    }
    try {
      netlink.deleteRoute(r);
      log.info("deleted stray route of ours {}", r);
    } catch (NetlinkException e) {
      log.warn("cannot delete stray route {}: {}", r, e.getMessage());
    }
  }

  @Override
  protected synchronized Resolution<RouteSpec> resolve(IPAddress key, RouteTarget target) {
    int ifindex = 0;
    if (target.interfaceName() != null) {
      Optional<Integer> index = ifindex(target.interfaceName());
      if (index.isEmpty()) {
        return Resolution.waitFor("interface " + target.interfaceName() + " missing");
      }
      ifindex = index.get();
    }
    Route route = target.toRoute(ifindex);
    return Resolution.of(RouteSpec.of(route.withTable(config.table()).withProtocol(config.protocol())));
  }

  private Optional<Integer> ifindex(String name) {
    Integer cached = ifindexByName.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Integer> looked = netlink.linkByName(name).map(Link::index);
    looked.ifPresent(i -> ifindexByName.put(name, i));
    return looked;
  }

  @Override
  protected void forgetResolution(IPAddress key, RouteTarget target) {
    if (target.interfaceName() != null) {
      // The cached index is stale: every route through that name needs resolving again.
      interfaceChanged(target.interfaceName());
    }
  }

  @Override
  protected synchronized String conflict(IPAddress key) {
    Route other = foreign.get(key);
    return other == null || config.replaceForeignRoutes() ? null : "held by " + other;
  }

  @Override
  protected synchronized void write(IPAddress key, RouteSpec value, boolean ours) {
    Route route = value.toRoute(config.table(), config.protocol());
    if (ours || foreign.containsKey(key)) {
      netlink.replaceRoute(route);
    } else {
      netlink.addRoute(route);
    }
    foreign.remove(key);
  }

  @Override
  protected void delete(IPAddress key, RouteSpec actual) {
    netlink.deleteRoute(actual.toDeletion(config.table(), config.protocol()));
  }
}
