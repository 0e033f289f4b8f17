package io.jcalico.lab.topology;

/** One end of a link: an interface of a node, {@code node:interface} in the topology. */
public record Endpoint(String node, String iface) {
  /** Linux interface names are at most 15 bytes (IFNAMSIZ - 1). */
  static final int MAX_IFNAME = 15;

  @Override
  public String toString() {
    return node + ":" + iface;
  }
}
