package io.jcalico.bgp.routers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/** JSON from the daemons' CLIs (FRR {@code vtysh ... json}, {@code gobgp -j}). */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text.isBlank() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw new RouterDaemonException("not JSON: " + text, e);
    }
  }

  /** An address field, empty when absent or unspecified (0.0.0.0, ::: the daemon's own route). */
  static Optional<IPAddress> address(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return Optional.empty();
    }
    IPAddress address = new IPAddressString(node.asText()).getAddress();
    return address == null || address.isZero() ? Optional.empty() : Optional.of(address);
  }
}
