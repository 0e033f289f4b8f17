package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;

/** The unicast address families the reference daemons are asked to carry. */
public enum Family {
  IPV4,
  IPV6;

  /** The family of an address or prefix. */
  public static Family of(IPAddress address) {
    return address.isIPv4() ? IPV4 : IPV6;
  }

  /** Number of bits in an address of this family. */
  public int bits() {
    return this == IPV4 ? 32 : 128;
  }
}
