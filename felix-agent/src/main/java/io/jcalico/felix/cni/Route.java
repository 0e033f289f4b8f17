package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import java.util.Objects;

/**
 * A route of a CNI result.
 *
 * @param dst a prefix ({@code 0.0.0.0/0}, {@code 198.18.0.0/24})
 * @param gw the next hop, or null for the default of the interface
 */
public record Route(IPAddress dst, IPAddress gw) {
  public Route {
    Objects.requireNonNull(dst, "dst");
    if (!dst.isPrefixed()) {
      dst = dst.setPrefixLength(dst.getBitCount(), false);
    }
  }
}
