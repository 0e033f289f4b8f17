package io.jcalico.felix.netlink;

/** Human names for route types, for logs and messages only. */
final class RouteNames {
  private RouteNames() {}

  private static final String[] TYPES = {
    "unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable",
    "prohibit", "throw", "nat", "xresolve"
  };

  static String type(int type) {
    return type >= 0 && type < TYPES.length ? TYPES[type] : "type" + type;
  }
}
