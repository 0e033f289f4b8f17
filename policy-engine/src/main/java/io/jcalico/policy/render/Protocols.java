package io.jcalico.policy.render;

import java.util.Map;

/** Protocol names the kernel tools all understand; others are written as numbers. */
public final class Protocols {

  private static final Map<Integer, String> NAMES =
      Map.of(1, "icmp", 6, "tcp", 17, "udp", 58, "ipv6-icmp", 132, "sctp", 136, "udplite");

  private Protocols() {}

  public static String name(int number) {
    return NAMES.getOrDefault(number, Integer.toString(number));
  }

  /** The number for a name {@link #name} or ipset(8) prints, or the number itself as text. */
  public static int number(String name) {
    for (Map.Entry<Integer, String> e : NAMES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return Integer.parseInt(name);
  }

  /** ipset's names for the protocol of an ip,port member (it knows only these). */
  public static String ipsetName(int number) {
    return switch (number) {
      case 6 -> "tcp";
      case 17 -> "udp";
      case 132 -> "sctp";
      case 136 -> "udplite";
      default -> throw new IllegalArgumentException("ipset ip,port sets cannot hold protocol " + number);
    };
  }
}
