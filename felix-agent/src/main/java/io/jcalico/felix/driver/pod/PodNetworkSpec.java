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
    addresses = addresses.stream().map(a -> IpFamily.prefix(IpFamily.host(a))).toList();
    Preconditions.checkArgument(!addresses.isEmpty(), "a pod needs at least one address");
    Preconditions.checkArgument(mtu == 0 || (mtu >= 68 && mtu <= 65535), "mtu %s", mtu);
  }

  public boolean hasIpv4() {
    return addresses.stream().anyMatch(IPAddress::isIPv4);
  }

  public boolean hasIpv6() {
    return addresses.stream().anyMatch(IPAddress::isIPv6);
  }
}
