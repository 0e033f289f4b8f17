package io.jcalico.felix.driver.pod;

import com.google.common.base.Preconditions;
import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.netlink.Links;
import java.nio.file.Path;

/**
 * The address-free part of a pod's wiring: the veth pair, its MTU and MACs, and the families it
 * will carry (their sysctls and gateway routes need no address). CNI ADD makes it while IPAM
 * runs.
 *
 * @param netnsPath the pod's network namespace (CNI_NETNS)
 * @param hostInterface the host end, {@code cali} + 11 hex characters
 * @param podInterface the pod end (CNI_IFNAME, usually {@code eth0})
 * @param mtu MTU for both ends, 0 for the kernel default
 * @param podMac the pod end's MAC, or null for the kernel's choice
 */
public record PodPairSpec(Path netnsPath, String hostInterface, String podInterface, int mtu, MACAddress podMac,
    boolean ipv4, boolean ipv6) {
  public PodPairSpec {
    Preconditions.checkNotNull(netnsPath, "netnsPath");
    Links.checkName(hostInterface);
    Links.checkName(podInterface);
    Preconditions.checkArgument(mtu == 0 || (mtu >= 68 && mtu <= 65535), "mtu %s", mtu);
    Preconditions.checkArgument(ipv4 || ipv6, "a pod needs at least one address family");
  }
}
