package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a {@link RouterConfig} as a gobgpd TOML file. GoBGP has no per-neighbour next-hop
 * options, so the next-hop override and next-hop-self become statements of one global export
 * policy (in an export policy, a neighbor-set condition matches the peer routes go to).
 * Originated prefixes are not in the file: gobgpd only takes them over its API.
 */
final class GoBgpConfig {
  static final String EXPORT_POLICY = "export";
  static final String NEXT_HOP_SELF_SET = "next-hop-self";

  private GoBgpConfig() {}

  static String render(RouterConfig config) {
    StringBuilder out = new StringBuilder();
    out.append("[global.config]\n");
    out.append("  as = ").append(config.localAs()).append('\n');
    out.append("  router-id = \"").append(config.routerId()).append("\"\n");
    out.append("  port = ").append(config.port()).append('\n');
    out.append("  local-address-list = [\"").append(config.listenAddress()).append("\"]\n");
    List<String> statements = exportStatements(config);
    out.append("[global.apply-policy.config]\n");
    if (!statements.isEmpty()) {
      out.append("  export-policy-list = [\"").append(EXPORT_POLICY).append("\"]\n");
    }
    out.append("  default-import-policy = \"").append(disposition(config.importAll())).append("\"\n");
    out.append("  default-export-policy = \"").append(disposition(config.exportAll())).append("\"\n");
    for (Neighbor n : config.neighbors()) {
      out.append(neighbor(config, n));
    }
    List<Neighbor> selfNeighbors = config.neighbors().stream().filter(Neighbor::nextHopSelf).toList();
    if (!selfNeighbors.isEmpty()) {
      out.append("[[defined-sets.neighbor-sets]]\n");
      out.append("  neighbor-set-name = \"").append(NEXT_HOP_SELF_SET).append("\"\n");
      out.append("  neighbor-info-list = [")
          .append(String.join(", ", selfNeighbors.stream().map(n -> "\"" + n.address() + "\"").toList()))
          .append("]\n");
    }
    if (!statements.isEmpty()) {
      out.append("[[policy-definitions]]\n  name = \"").append(EXPORT_POLICY).append("\"\n");
      statements.forEach(out::append);
    }
    return out.toString();
  }

  private static String neighbor(RouterConfig config, Neighbor n) {
    StringBuilder out = new StringBuilder();
    out.append("[[neighbors]]\n");
    out.append("  [neighbors.config]\n");
    out.append("    neighbor-address = \"").append(n.address()).append("\"\n");
    out.append("    peer-as = ").append(n.remoteAs()).append('\n');
    out.append("  [neighbors.transport.config]\n");
    out.append("    remote-port = ").append(n.port()).append('\n');
    config.localAddress(n).ifPresent(a -> out.append("    local-address = \"").append(a).append("\"\n"));
    if (n.passive()) {
      out.append("    passive-mode = true\n");
    }
    out.append("  [neighbors.timers.config]\n");
    out.append("    hold-time = ").append(n.holdTime()).append('\n');
    out.append("    keepalive-interval = ").append(n.keepalive()).append('\n');
    out.append("    connect-retry = ").append(n.connectRetry()).append('\n');
    out.append("    idle-hold-time-after-reset = ").append(n.connectRetry()).append('\n');
    if (n.multihop() && !config.internal(n)) {
      out.append("  [neighbors.ebgp-multihop.config]\n    enabled = true\n    multihop-ttl = 255\n");
    }
    if (n.routeReflectorClient()) {
      out.append("  [neighbors.route-reflector.config]\n    route-reflector-client = true\n");
      out.append("    route-reflector-cluster-id = \"")
          .append(config.clusterId().orElse(config.routerId())).append("\"\n");
    }
    for (Family family : Family.values()) {
      if (n.carries(family)) {
        out.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n");
        out.append("      afi-safi-name = \"").append(afiSafi(family)).append("\"\n");
      }
    }
    return out.toString();
  }

  /**
   * Per family: the configured next hop for every route, else {@code self} towards the
   * next-hop-self neighbours. Disposition "none" lets later statements and the default apply.
   */
  private static List<String> exportStatements(RouterConfig config) {
    boolean anySelf = config.neighbors().stream().anyMatch(Neighbor::nextHopSelf);
    List<String> statements = new ArrayList<>();
    for (Family family : Family.values()) {
      Optional<IPAddress> fixed = config.nextHop(family);
      if (fixed.isPresent()) {
        statements.add(statement(family, fixed.get().toString(), false));
      } else if (anySelf) {
        statements.add(statement(family, "self", true));
      }
    }
    return statements;
  }

  private static String statement(Family family, String nextHop, boolean onlySelfSet) {
    StringBuilder out = new StringBuilder();
    out.append("  [[policy-definitions.statements]]\n");
    out.append("    name = \"next-hop-").append(afiSafi(family)).append("\"\n");
    out.append("    [policy-definitions.statements.conditions.bgp-conditions]\n");
    out.append("      afi-safi-in-list = [\"").append(afiSafi(family)).append("\"]\n");
    if (onlySelfSet) {
      out.append("    [policy-definitions.statements.conditions.match-neighbor-set]\n");
      out.append("      neighbor-set = \"").append(NEXT_HOP_SELF_SET).append("\"\n");
      out.append("      match-set-options = \"any\"\n");
    }
    out.append("    [policy-definitions.statements.actions]\n");
    out.append("      route-disposition = \"none\"\n");
    out.append("    [policy-definitions.statements.actions.bgp-actions]\n");
    out.append("      set-next-hop = \"").append(nextHop).append("\"\n");
    return out.toString();
  }

  private static String disposition(boolean accept) {
    return accept ? "accept-route" : "reject-route";
  }

  static String afiSafi(Family family) {
    return family == Family.IPV4 ? "ipv4-unicast" : "ipv6-unicast";
  }
}
