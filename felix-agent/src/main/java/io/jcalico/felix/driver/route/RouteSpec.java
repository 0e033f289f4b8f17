package io.jcalico.felix.driver.route;

import static io.jcalico.felix.netlink.NetlinkConstants.RTN_UNICAST;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_NOWHERE;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_UNIVERSE;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Route;

/**
 * The part of a route that the reconciler compares: desired and kernel routes are both reduced
 * to this, so fields the kernel fills in by itself do not read as differences. The device of a
 * route via a gateway is the kernel's choice (dropped); so is the device of a blackhole (IPv6
 * reports {@code lo}); IPv6 has no route scopes (the kernel reports universe for all).
 */
record RouteSpec(IPAddress destination, int type, IPAddress gateway, int outputInterface, int scope) {

  static RouteSpec of(Route r) {
    boolean deviceRoute = r.type() == RTN_UNICAST && r.gateway() == null;
    int scope = r.family() == IpFamily.V6 ? RT_SCOPE_UNIVERSE : r.scope();
    return new RouteSpec(r.destination(), r.type(), r.gateway(), deviceRoute ? r.outputInterface() : 0, scope);
  }

  /** The route to write, with our protocol and table, at the kernel's default metric. */
  Route toRoute(int table, int protocol) {
    return new Route(destination, type, table, protocol, scope, gateway, outputInterface, 0, 0);
  }

  /**
   * What to delete: destination, type, next hop, protocol and table pin down the route (the
   * kernel matches any metric and, with RT_SCOPE_NOWHERE, any scope).
   */
  Route toDeletion(int table, int protocol) {
    return new Route(destination, type, table, protocol, RT_SCOPE_NOWHERE, gateway, outputInterface, 0, 0);
  }
}
