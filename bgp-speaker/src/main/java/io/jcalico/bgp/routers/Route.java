package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Optional;

/**
 * One path in a daemon's table.
 *
 * @param nextHop empty for a route the daemon originates itself (no BGP next hop yet)
 * @param asPath the AS numbers of the AS_PATH in order, sets flattened
 */
public record Route(IPAddress prefix, Optional<IPAddress> nextHop, List<Long> asPath) {

  public Route {
    prefix = prefix.toPrefixBlock();
    asPath = List.copyOf(asPath);
  }

  public Family family() {
    return Family.of(prefix);
  }
}
