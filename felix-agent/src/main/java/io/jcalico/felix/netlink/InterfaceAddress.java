package io.jcalico.felix.netlink;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;

/**
 * An address on an interface, with its prefix length ({@code 198.18.4.7/32},
 * {@code fe80::ecee:eeff:feee:eeee/64}).
 *
 * @param interfaceIndex ifindex
 * @param address the address with prefix length (not a prefix block)
 * @param scope RT_SCOPE_* (0 global, 253 link)
 * @param flags IFA_F_* (IFA_F_NODAD when adding, IFA_F_TENTATIVE/PERMANENT as read)
 */
public record InterfaceAddress(int interfaceIndex, IPAddress address, int scope, int flags) {
  public InterfaceAddress {
    Preconditions.checkNotNull(address, "address");
    if (!address.isPrefixed()) {
      address = address.setPrefixLength(address.getBitCount(), false);
    }
  }

  public static InterfaceAddress of(int interfaceIndex, IPAddress address) {
    int scope = address.isLinkLocal() ? NetlinkConstants.RT_SCOPE_LINK : NetlinkConstants.RT_SCOPE_UNIVERSE;
    return new InterfaceAddress(interfaceIndex, address, scope, 0);
  }

  public InterfaceAddress withFlags(int f) {
    return new InterfaceAddress(interfaceIndex, address, scope, f);
  }

  public IpFamily family() {
    return IpFamily.of(address);
  }

  /** The address alone, without its prefix length. */
  public IPAddress host() {
    return address.withoutPrefixLength();
  }

  public int prefixLength() {
    return address.getNetworkPrefixLength();
  }
}
