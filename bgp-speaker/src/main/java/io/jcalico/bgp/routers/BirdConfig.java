package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Renders a {@link RouterConfig} as a BIRD 2 {@code bird.conf}: one {@code protocol bgp} per
 * neighbour (named by {@link #protocolName}), originated prefixes as blackhole routes of two
 * static protocols (changed at runtime by {@code birdc configure}).
 */
final class BirdConfig {
  private BirdConfig() {}

  static String render(RouterConfig config, Path logFile) {
    StringBuilder out = new StringBuilder();
    out.append("router id ").append(config.routerId()).append(";\n");
    out.append("log \"").append(logFile).append("\" ")
        .append(config.verboseLog() ? "all" : "{ warning, error, fatal, bug }").append(";\n");
    out.append("protocol device {}\n");
    for (Family family : Family.values()) {
      out.append("protocol static ").append(staticName(family)).append(" {\n  ")
          .append(channel(family)).append(";\n");
      for (IPAddress prefix : config.originated(family)) {
        out.append("  route ").append(prefix.toCanonicalString()).append(" blackhole;\n");
      }
      out.append("}\n");
    }
    for (Neighbor n : config.neighbors()) {
      out.append(protocol(config, n));
    }
    return out.toString();
  }

  private static String protocol(RouterConfig config, Neighbor n) {
    StringBuilder out = new StringBuilder();
    out.append("protocol bgp ").append(protocolName(n.address())).append(" {\n");
    Optional<IPAddress> local = config.localAddress(n);
    out.append("  local ").append(local.map(a -> a + " ").orElse(""))
        .append("port ").append(config.port()).append(" as ").append(config.localAs()).append(";\n");
    // Several BIRDs on one host (127.0.0.x) each bind their own address, or the ports collide.
    local.ifPresent(a -> out.append("  strict bind on;\n"));
    out.append("  neighbor ").append(n.address()).append(" port ").append(n.port())
        .append(" as ").append(n.remoteAs()).append(";\n");
    if (n.ttlSecurity() > 0) {
      // BIRD expects TTL 256 - hops, hops given by multihop (1: directly connected)
      out.append("  ttl security on;\n  multihop ").append(n.ttlSecurity()).append(";\n");
    } else if (n.multihop()) {
      out.append("  multihop;\n");
    }
    n.password().ifPresent(p -> out.append("  password \"").append(p).append("\";\n"));
    if (n.passive()) {
      out.append("  passive on;\n");
    }
    out.append("  hold time ").append(n.holdTime()).append(";\n");
    if (n.holdTime() > 0) {
      out.append("  keepalive time ").append(n.keepalive()).append(";\n");
    }
    int retry = n.connectRetry();
    out.append("  connect delay time ").append(Math.min(retry, 5)).append(";\n");
    out.append("  connect retry time ").append(retry).append(";\n");
    out.append("  error wait time ").append(retry).append(", ").append(4 * retry).append(";\n");
    if (config.gracefulRestartTime() > 0) {
      out.append("  graceful restart on;\n");
      out.append("  graceful restart time ").append(config.gracefulRestartTime()).append(";\n");
    }
    if (n.routeReflectorClient()) {
      out.append("  rr client;\n");
      out.append("  rr cluster id ").append(config.clusterId().orElse(config.routerId())).append(";\n");
    }
    for (Family family : Family.values()) {
      if (!n.carries(family)) {
        continue;
      }
      out.append("  ").append(channel(family)).append(" {\n");
      out.append("    import ").append(n.importAll() ? "all" : "none").append(";\n");
      out.append("    export ").append(n.exportAll() ? "all" : "none").append(";\n");
      if (n.nextHopSelf()) {
        out.append("    next hop self;\n");
      }
      config.nextHop(family).ifPresent(a -> out.append("    next hop address ").append(a).append(";\n"));
      out.append("  };\n");
    }
    out.append("}\n");
    return out.toString();
  }

  /** The BGP protocol's name for a neighbour, e.g. {@code peer_127_0_0_2}, {@code peer_fd00__2}. */
  static String protocolName(IPAddress neighbor) {
    // BIRD symbols allow letters, digits and underscores only.
    return "peer_" + neighbor.withoutPrefixLength().toCompressedString().replace('.', '_').replace(':', '_');
  }

  static String staticName(Family family) {
    return family == Family.IPV4 ? "originate4" : "originate6";
  }

  static String channel(Family family) {
    return family == Family.IPV4 ? "ipv4" : "ipv6";
  }

  static String table(Family family) {
    return family == Family.IPV4 ? "master4" : "master6";
  }
}
