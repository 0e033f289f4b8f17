package io.jcalico.lab.topology;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The management network: one bridge in the lab's own namespace, every node's {@code eth0} on it
 * (as containerlab's {@code clab} network gives each container its {@code eth0}). The lab's etcd
 * listens on the gateway address. Defaults stay inside the lab address plan.
 *
 * @param ipv4Subnet e.g. 198.18.0.0/24
 * @param ipv4Gateway the bridge's address with the subnet's prefix length, e.g. 198.18.0.1/24
 */
public record Mgmt(IPAddress ipv4Subnet, IPAddress ipv4Gateway, IPAddress ipv6Subnet, IPAddress ipv6Gateway) {
  public static final IPAddress DEFAULT_IPV4 = new IPAddressString("198.18.0.0/24").getAddress();
  public static final IPAddress DEFAULT_IPV6 = new IPAddressString("fd00:198:18::/64").getAddress();

  public static Mgmt defaults() {
    return of(DEFAULT_IPV4, null, DEFAULT_IPV6, null);
  }

  /** A network with the given subnets; a missing gateway is the subnet's first address, as containerlab picks it. */
  static Mgmt of(IPAddress v4, IPAddress gw4, IPAddress v6, IPAddress gw6) {
    return new Mgmt(v4, gatewayOf(v4, gw4), v6, gatewayOf(v6, gw6));
  }

  private static IPAddress gatewayOf(IPAddress subnet, IPAddress gw) {
    IPAddress addr = gw != null ? gw : subnet.getLower().increment(1);
    return addr.withoutPrefixLength().setPrefixLength(subnet.getNetworkPrefixLength(), false);
  }
}
