package io.jcalico.felix.netlink;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;

/**
 * An ARP / NDP neighbour entry.
 *
 * @param interfaceIndex ifindex
 * @param address the neighbour's IP address
 * @param mac its link-layer address, or {@code null} (incomplete / failed entries)
 * @param state NUD_* ({@code NUD_PERMANENT} = 0x80)
 * @param flags NTF_* flags
 * @param protocol NDA_PROTOCOL (who installed it), 0 if unset
 */
public record Neighbour(int interfaceIndex, IPAddress address, MACAddress mac, int state, int flags, int protocol) {
  public Neighbour {
    Preconditions.checkNotNull(address, "address");
    address = address.withoutPrefixLength();
  }

  /** A permanent entry, as Calico installs for each pod IP on its host-side veth. */
  public static Neighbour permanent(int interfaceIndex, IPAddress address, MACAddress mac, int protocol) {
    return new Neighbour(interfaceIndex, address, mac, NetlinkConstants.NUD_PERMANENT, 0, protocol);
  }

  public IpFamily family() {
    return IpFamily.of(address);
  }

  public boolean isPermanent() {
    return (state & NetlinkConstants.NUD_PERMANENT) != 0;
  }
}
