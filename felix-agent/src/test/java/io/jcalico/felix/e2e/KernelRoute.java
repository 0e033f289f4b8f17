package io.jcalico.felix.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/**
 * One route as {@code ip -j route show} prints it, read back for assertions (the daemon itself
 * never parses ip; tests may).
 *
 * @param destination the prefix; ip prints host routes without "/32", they get their full length here
 * @param type "unicast", "blackhole", ...
 * @param gateway the next hop, if any
 * @param device the output interface, empty for a blackhole
 * @param protocol as ip prints it: a name from rt_protos or the number ("80" for ours)
 */
record KernelRoute(IPAddress destination, String type, Optional<IPAddress> gateway, String device, String protocol) {
  static final String JCALICO_PROTOCOL = "80";

  static KernelRoute of(JsonNode r) {
    String dst = r.path("dst").asText();
    IPAddress d = dst.equals("default") ? null : new IPAddressString(dst).getAddress();
    if (d == null) {
      d = new IPAddressString(r.has("gateway") && r.get("gateway").asText().contains(":") ? "::/0" : "0.0.0.0/0").getAddress();
    } else if (d.getNetworkPrefixLength() == null) {
      d = d.setPrefixLength(d.getBitCount(), false);
    }
    Optional<IPAddress> gw = r.has("gateway") ? Optional.of(new IPAddressString(r.get("gateway").asText()).getAddress()) : Optional.empty();
    return new KernelRoute(d, r.path("type").asText("unicast"), gw, r.path("dev").asText(""), r.path("protocol").asText(""));
  }

  boolean isOurs() {
    return JCALICO_PROTOCOL.equals(protocol);
  }

  boolean isBlackhole() {
    return "blackhole".equals(type);
  }

  /** A block learned from a peer: {@code <block> via <node ip> proto 80}. */
  boolean isLearnedVia(IPAddress nodeAddress) {
    return isOurs() && !isBlackhole() && gateway.map(g -> g.equals(nodeAddress.withoutPrefixLength())).orElse(false);
  }

  @Override
  public String toString() {
    return (isBlackhole() ? "blackhole " : "") + destination.toCanonicalString()
        + gateway.map(g -> " via " + g.toCanonicalString()).orElse("")
        + (device.isEmpty() ? "" : " dev " + device) + " proto " + protocol;
  }
}
