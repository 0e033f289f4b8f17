package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.IP6_RT_PRIO_USER;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_BLACKHOLE;
import static io.jcalico.felix.netlink.NetlinkConstants.RTN_UNICAST;
import static io.jcalico.felix.netlink.NetlinkConstants.RTPROT_BOOT;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_LINK;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_UNIVERSE;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_TABLE_MAIN;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;

/**
 * A kernel route as rtnetlink describes it (single next hop).
 *
 * @param destination prefix block ({@code 198.18.4.0/26}, {@code 198.18.4.7/32}, {@code ::/0})
 * @param type RTN_* ({@code RTN_UNICAST}, {@code RTN_BLACKHOLE}, ...)
 * @param table routing table id ({@code 254} = main)
 * @param protocol RTPROT_* or any number up to 255 (ours: see the route driver)
 * @param scope RT_SCOPE_* ({@code 0} universe, {@code 253} link)
 * @param gateway next hop, or {@code null}
 * @param outputInterface ifindex of the next-hop device, or 0
 * @param priority metric; 0 lets the kernel choose (0 for IPv4, 1024 for IPv6)
 * @param flags rtm_flags as read (RTNH_F_LINKDOWN, ...); ignored when writing
 */
public record Route(
    IPAddress destination,
    int type,
    int table,
    int protocol,
    int scope,
    IPAddress gateway,
    int outputInterface,
    int priority,
    int flags) {

  public Route {
    Preconditions.checkNotNull(destination, "destination");
    destination = IpFamily.prefix(destination);
    if (gateway != null) {
      Preconditions.checkArgument(gateway.getIPVersion() == destination.getIPVersion(),
          "gateway %s is not in the family of %s", gateway, destination);
      gateway = IpFamily.host(gateway);
    }
  }

  /** {@code <dst> via <gateway>}, table main. */
  public static Route via(IPAddress destination, IPAddress gateway) {
    return new Route(destination, RTN_UNICAST, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, gateway, 0, 0, 0);
  }

  /** {@code <dst> dev <ifindex> scope link}, table main. */
  public static Route device(IPAddress destination, int outputInterface) {
    return new Route(destination, RTN_UNICAST, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_LINK, null, outputInterface, 0, 0);
  }

  /** {@code blackhole <dst>}, table main. */
  public static Route blackhole(IPAddress destination) {
    return new Route(destination, RTN_BLACKHOLE, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, null, 0, 0, 0);
  }

  public IpFamily family() {
    return IpFamily.of(destination);
  }

  /** The metric the kernel will store: an IPv6 route given 0 gets 1024. */
  public int effectivePriority() {
    return priority == 0 && family() == IpFamily.V6 ? IP6_RT_PRIO_USER : priority;
  }

  public Route withProtocol(int p) {
    return new Route(destination, type, table, p, scope, gateway, outputInterface, priority, flags);
  }

  public Route withTable(int t) {
    return new Route(destination, type, t, protocol, scope, gateway, outputInterface, priority, flags);
  }

  public Route withOutputInterface(int ifindex) {
    return new Route(destination, type, table, protocol, scope, gateway, ifindex, priority, flags);
  }

  public Route withPriority(int metric) {
    return new Route(destination, type, table, protocol, scope, gateway, outputInterface, metric, flags);
  }

  public Route withScope(int s) {
    return new Route(destination, type, table, protocol, s, gateway, outputInterface, priority, flags);
  }

  public boolean isBlackhole() {
    return type == RTN_BLACKHOLE;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (type != RTN_UNICAST) {
      sb.append(RouteNames.type(type)).append(' ');
    }
    sb.append(destination.toCanonicalString());
    if (gateway != null) {
      sb.append(" via ").append(gateway.toCanonicalString());
    }
    if (outputInterface != 0) {
      sb.append(" dev #").append(outputInterface);
    }
    if (table != RT_TABLE_MAIN) {
      sb.append(" table ").append(table);
    }
    sb.append(" proto ").append(protocol);
    if (scope != RT_SCOPE_UNIVERSE) {
      sb.append(" scope ").append(scope == RT_SCOPE_LINK ? "link" : Integer.toString(scope));
    }
    if (priority != 0) {
      sb.append(" metric ").append(priority);
    }
    return sb.toString();
  }
}
