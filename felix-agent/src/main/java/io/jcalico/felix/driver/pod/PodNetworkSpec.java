package io.jcalico.felix.driver.pod;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Links;
import java.nio.file.Path;
import java.util.List;

/**
 * One pod's network attachment as the CNI handler asks for it.
 *
 * @param netnsPath the pod's network namespace (CNI_NETNS)
 * @param hostInterface the host end, {@code cali} + 11 hex characters
 * @param podInterface the pod end (CNI_IFNAME, usually {@code eth0})
 * @param addresses the pod's addresses; any prefix length is dropped (Calico forces /32, /128)
 * @param mtu MTU for both ends, 0 for the kernel default
 * @param podMac the pod end's MAC, or null for the kernel's choice
 */
public record PodNetworkSpec(Path netnsPath, String hostInterface, String podInterface, List<IPAddress> addresses, int mtu,
    MACAddress podMac) {
  public PodNetworkSpec(Path netnsPath, String hostInterface, String podInterface, List<IPAddress> addresses, int mtu) {
    this(netnsPath, hostInterface, podInterface, addresses, mtu, null);
  }

  public PodNetworkSpec {
    Preconditions.checkNotNull(netnsPath, "netnsPath");
    Links.checkName(hostInterface);
    Links.checkName(podInterface);
    addresses = hostPrefixes(addresses);
    Preconditions.checkArgument(mtu == 0 || (mtu >= 68 && mtu <= 65535), "mtu %s", mtu);
  }

  /** Each address as its /32 or /128; at least one. */
  static List<IPAddress> hostPrefixes(List<IPAddress> addresses) {
    Preconditions.checkArgument(!addresses.isEmpty(), "a pod needs at least one address");
    return addresses.stream().map(a -> IpFamily.prefix(IpFamily.host(a))).toList();
  }

  /** The pair these addresses go on. */
  public PodPairSpec pair() {
    return new PodPairSpec(netnsPath, hostInterface, podInterface, mtu, podMac, hasIpv4(), hasIpv6());
  }

  public boolean hasIpv4() {
    return addresses.stream().anyMatch(IPAddress::isIPv4);
  }

  public boolean hasIpv6() {
    return addresses.stream().anyMatch(IPAddress::isIPv6);
  }
}
