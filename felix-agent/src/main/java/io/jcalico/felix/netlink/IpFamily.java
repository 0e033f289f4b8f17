package io.jcalico.felix.netlink;

import inet.ipaddr.IPAddress;

/** The two address families we program; {@code af} is the kernel's AF_* number. */
public enum IpFamily {
  V4(NetlinkConstants.AF_INET, 32),
  V6(NetlinkConstants.AF_INET6, 128);

  private final int af;
  private final int bits;

  IpFamily(int af, int bits) {
    this.af = af;
    this.bits = bits;
  }

  public int af() {
    return af;
  }

  public int bits() {
    return bits;
  }

  public static IpFamily of(IPAddress address) {
    return address.isIPv4() ? V4 : V6;
  }

  public static IpFamily ofAf(int af) {
    return switch (af) {
      case NetlinkConstants.AF_INET -> V4;
      case NetlinkConstants.AF_INET6 -> V6;
      default -> throw new IllegalArgumentException("not an IP family: " + af);
    };
  }

  /**
   * The prefix block an address stands for: {@code 198.18.1.7/26} becomes {@code 198.18.1.0/26};
   * an address without a prefix length becomes a host prefix (/32, /128).
   */
  public static IPAddress prefix(IPAddress address) {
    return address.isPrefixed()
        ? address.toPrefixBlock()
        : address.setPrefixLength(address.getBitCount(), false);
  }

  /** The single address, any prefix length dropped. */
  public static IPAddress host(IPAddress address) {
    return address.withoutPrefixLength();
  }
}
