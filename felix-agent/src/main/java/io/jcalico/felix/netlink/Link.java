package io.jcalico.felix.netlink;

import inet.ipaddr.mac.MACAddress;

/**
 * A network interface as RTM_NEWLINK reports it.
 *
 * @param index ifindex
 * @param name interface name
 * @param flags IFF_* flags
 * @param mtu MTU
 * @param mac link-layer address, or {@code null} (no 6-byte address)
 * @param kind IFLA_INFO_KIND ("veth", "dummy", ...), or {@code null} for plain devices
 * @param peerIndex IFLA_LINK: for a veth, the peer's ifindex in the peer's namespace; 0 if none
 * @param masterIndex IFLA_MASTER, or 0
 * @param operState IF_OPER_* (6 = up)
 * @param peerNetnsId IFLA_LINK_NETNSID (the peer's namespace id as seen from here), or -1
 */
public record Link(
    int index,
    String name,
    int flags,
    int mtu,
    MACAddress mac,
    String kind,
    int peerIndex,
    int masterIndex,
    int operState,
    int peerNetnsId) {

  public boolean isUp() {
    return (flags & NetlinkConstants.IFF_UP) != 0;
  }

  /** Carrier present (for a veth: both ends are up). */
  public boolean isLowerUp() {
    return (flags & NetlinkConstants.IFF_LOWER_UP) != 0;
  }

  public boolean isVeth() {
    return "veth".equals(kind);
  }
}
