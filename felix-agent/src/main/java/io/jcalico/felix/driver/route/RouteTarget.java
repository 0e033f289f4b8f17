package io.jcalico.felix.driver.route;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Links;
import io.jcalico.felix.netlink.Route;

/** A route the calculation layer wants in the kernel, keyed by its destination prefix. */
public sealed interface RouteTarget {
  IPAddress destination();

  /** The device the route names, or {@code null} when the kernel picks it. */
  default String interfaceName() {
    return null;
  }

  /** The kernel route (protocol and table still to set); {@code ifindex} is used by device routes. */
  Route toRoute(int ifindex);

  /** {@code <block> via <next hop>}: a block learned over BGP. */
  record Via(IPAddress destination, IPAddress gateway) implements RouteTarget {
    public Via {
      destination = IpFamily.prefix(destination);
      gateway = IpFamily.host(gateway);
      Preconditions.checkArgument(destination.getIPVersion() == gateway.getIPVersion(),
          "next hop %s for %s is of the other family", gateway, destination);
    }

    @Override
    public Route toRoute(int ifindex) {
      return Route.via(destination, gateway);
    }
  }

  /** {@code <pod ip>/32 dev <caliX> scope link}: a local workload. */
  record Device(IPAddress destination, String interfaceName) implements RouteTarget {
    public Device {
      destination = IpFamily.prefix(destination);
      Links.checkName(interfaceName);
    }

    @Override
    public Route toRoute(int ifindex) {
      return Route.device(destination, ifindex);
    }
  }

  /** {@code blackhole <block>}: a block affine to this node. */
  record Blackhole(IPAddress destination) implements RouteTarget {
    public Blackhole {
      destination = IpFamily.prefix(destination);
    }

    @Override
    public Route toRoute(int ifindex) {
      return Route.blackhole(destination);
    }
  }

  static RouteTarget via(IPAddress destination, IPAddress gateway) {
    return new Via(destination, gateway);
  }

  static RouteTarget device(IPAddress destination, String interfaceName) {
    return new Device(destination, interfaceName);
  }

  static RouteTarget blackhole(IPAddress destination) {
    return new Blackhole(destination);
  }
}
