package io.jcalico.felix.testing;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import inet.ipaddr.mac.MACAddress;

/** Short literals for tests: {@code ip("198.18.0.1/24")}, {@code mac("ee:ee:ee:ee:ee:ee")}. */
public final class Addresses {
  private Addresses() {}

  public static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  public static MACAddress mac(String s) {
    return new MACAddressString(s).getAddress();
  }
}
