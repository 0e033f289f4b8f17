package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a {@link RouterConfig} as a gobgpd TOML file. GoBGP has no per-neighbour next-hop
 * options, so the next-hop override and next-hop-self become statements of one global export
 * policy (in an export policy, a neighbor-set condition matches the peer routes go to).
 * Originated prefixes are not in the file: gobgpd only takes them over its API, so with any the
 * neighbours start administratively down and are enabled after the routes are in (a session up
 * before would get an incomplete table, and End-of-RIB after it: a restart would purge them).
 */
final class GoBgpConfig {
  static final String EXPORT_POLICY = "export";
  static final String IMPORT_POLICY = "import";
  static final String NEXT_HOP_SELF_SET = "next-hop-self";
  static final String NO_EXPORT_SET = "no-export";
  static final String NO_IMPORT_SET = "no-import";

  private GoBgpConfig() {}

  static String render(RouterConfig config) {
    StringBuilder out = new StringBuilder();
    out.append("[global.config]\n");
    out.append("  as = ").append(config.localAs()).append('\n');
    out.append("  router-id = \"").append(config.routerId()).append("\"\n");
    out.append("  port = ").append(config.port()).append('\n');
    out.append("  local-address-list = [")
        .append(String.join(", ", config.listenAddresses().stream().map(a -> "\"" + a + "\"").toList()))
        .append("]\n");
    List<String> exports = exportStatements(config);
    boolean anyNoImport = config.neighbors().stream().anyMatch(n -> !n.importAll());
    out.append("[global.apply-policy.config]\n");
    if (!exports.isEmpty()) {
      out.append("  export-policy-list = [\"").append(EXPORT_POLICY).append("\"]\n");
    }
    if (anyNoImport) {
      out.append("  import-policy-list = [\"").append(IMPORT_POLICY).append("\"]\n");
    }
    out.append("  default-import-policy = \"accept-route\"\n");
    out.append("  default-export-policy = \"accept-route\"\n");
    for (Neighbor n : config.neighbors()) {
      out.append(neighbor(config, n));
    }
    neighborSet(out, NEXT_HOP_SELF_SET, config.neighbors().stream().filter(Neighbor::nextHopSelf).toList());
    neighborSet(out, NO_EXPORT_SET, config.neighbors().stream().filter(n -> !n.exportAll()).toList());
    neighborSet(out, NO_IMPORT_SET, config.neighbors().stream().filter(n -> !n.importAll()).toList());
    if (!exports.isEmpty()) {
      out.append("[[policy-definitions]]\n  name = \"").append(EXPORT_POLICY).append("\"\n");
      exports.forEach(out::append);
    }
    if (anyNoImport) {
      out.append("[[policy-definitions]]\n  name = \"").append(IMPORT_POLICY).append("\"\n");
      out.append(statement("reject", Optional.empty(), Optional.of(NO_IMPORT_SET), "reject-route", Optional.empty()));
    }
    return out.toString();
  }

  private static void neighborSet(StringBuilder out, String name, List<Neighbor> members) {
    if (members.isEmpty()) {
      return;
    }
    out.append("[[defined-sets.neighbor-sets]]\n");
    out.append("  neighbor-set-name = \"").append(name).append("\"\n");
    out.append("  neighbor-info-list = [")
        .append(String.join(", ", members.stream().map(n -> "\"" + n.address() + "\"").toList()))
        .append("]\n");
  }

  private static String neighbor(RouterConfig config, Neighbor n) {
    StringBuilder out = new StringBuilder();
    out.append("[[neighbors]]\n");
    out.append("  [neighbors.config]\n");
    out.append("    neighbor-address = \"").append(n.address()).append("\"\n");
    out.append("    peer-as = ").append(n.remoteAs()).append('\n');
    n.password().ifPresent(p -> out.append("    auth-password = \"").append(p).append("\"\n"));
    if (!config.originate().isEmpty()) {
      // enabled once the API has added the originated routes, so no session sees a table without them
      out.append("    admin-down = true\n");
    }
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
    if (n.ttlSecurity() > 0) {
      // GoBGP: mutually exclusive with eBGP multihop
      out.append("  [neighbors.ttl-security.config]\n    enabled = true\n    ttl-min = ")
          .append(256 - n.ttlSecurity()).append('\n');
    } else if (n.multihop() && !config.internal(n)) {
      out.append("  [neighbors.ebgp-multihop.config]\n    enabled = true\n    multihop-ttl = 255\n");
    }
    if (n.routeReflectorClient()) {
      out.append("  [neighbors.route-reflector.config]\n    route-reflector-client = true\n");
      out.append("    route-reflector-cluster-id = \"")
          .append(config.clusterId().orElse(config.routerId())).append("\"\n");
    }
    boolean gr = config.gracefulRestartTime() > 0;
    if (gr) {
      out.append("  [neighbors.graceful-restart.config]\n    enabled = true\n");
      out.append("    restart-time = ").append(config.gracefulRestartTime()).append('\n');
    }
    for (Family family : Family.values()) {
      if (n.carries(family)) {
        out.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n");
        out.append("      afi-safi-name = \"").append(afiSafi(family)).append("\"\n");
        if (gr) {
          out.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n");
        }
      }
    }
    return out.toString();
  }

  /**
   * Rejects towards the no-export neighbours first; then per family the configured next hop for
   * every route, else {@code self} towards the next-hop-self neighbours. Disposition "none" lets
   * later statements and the default (accept) apply.
   */
  private static List<String> exportStatements(RouterConfig config) {
    List<String> statements = new ArrayList<>();
    if (config.neighbors().stream().anyMatch(n -> !n.exportAll())) {
      statements.add(statement("reject", Optional.empty(), Optional.of(NO_EXPORT_SET), "reject-route",
          Optional.empty()));
    }
    boolean anySelf = config.neighbors().stream().anyMatch(Neighbor::nextHopSelf);
    for (Family family : Family.values()) {
      Optional<IPAddress> fixed = config.nextHop(family);
      if (fixed.isPresent()) {
        statements.add(statement("next-hop-" + afiSafi(family), Optional.of(family), Optional.empty(),
            "none", Optional.of(fixed.get().toString())));
      } else if (anySelf) {
        statements.add(statement("next-hop-" + afiSafi(family), Optional.of(family),
            Optional.of(NEXT_HOP_SELF_SET), "none", Optional.of("self")));
      }
    }
    return statements;
  }

  private static String statement(String name, Optional<Family> family, Optional<String> neighborSet,
      String disposition, Optional<String> nextHop) {
    StringBuilder out = new StringBuilder();
    out.append("  [[policy-definitions.statements]]\n");
    out.append("    name = \"").append(name).append("\"\n");
    family.ifPresent(f -> out.append("    [policy-definitions.statements.conditions.bgp-conditions]\n")
        .append("      afi-safi-in-list = [\"").append(afiSafi(f)).append("\"]\n"));
    neighborSet.ifPresent(set -> out.append("    [policy-definitions.statements.conditions.match-neighbor-set]\n")
        .append("      neighbor-set = \"").append(set).append("\"\n")
        .append("      match-set-options = \"any\"\n"));
    out.append("    [policy-definitions.statements.actions]\n");
    out.append("      route-disposition = \"").append(disposition).append("\"\n");
    nextHop.ifPresent(nh -> out.append("    [policy-definitions.statements.actions.bgp-actions]\n")
        .append("      set-next-hop = \"").append(nh).append("\"\n"));
    return out.toString();
  }

  static String afiSafi(Family family) {
    return family == Family.IPV4 ? "ipv4-unicast" : "ipv6-unicast";
  }
}
