package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;

/**
 * Renders a {@link RouterConfig} as a {@code bgpd.conf} for FRR's bgpd running standalone
 * (no zebra): RFC 8212's default-deny for eBGP off, import check off (no RIB to check against),
 * every family activated explicitly, and one outbound route-map carrying the next-hop override.
 */
final class FrrConfig {
  static final String EXPORT_MAP = "EXPORT";
  static final String DENY_MAP = "DENY";

  private FrrConfig() {}

  static String render(RouterConfig config, Path logFile) {
    StringBuilder out = new StringBuilder();
    out.append("frr defaults traditional\n");
    out.append("hostname bgpd-").append(config.routerId()).append('\n');
    // Without zebra, bgpd logs a line per route at informational: keep bulk runs at errors.
    out.append("log file ").append(logFile).append(' ')
        .append(config.verboseLog() ? "informational" : "errors").append('\n');
    out.append("!\nrouter bgp ").append(config.localAs()).append('\n');
    out.append(" bgp router-id ").append(config.routerId()).append('\n');
    out.append(" no bgp ebgp-requires-policy\n");
    out.append(" no bgp network import-check\n");
    out.append(" no bgp default ipv4-unicast\n");
    if (config.verboseLog()) {
      out.append(" bgp log-neighbor-changes\n");
    }
    config.clusterId().ifPresent(id -> out.append(" bgp cluster-id ").append(id).append('\n'));
    if (config.gracefulRestartTime() > 0) {
      out.append(" bgp graceful-restart\n");
      out.append(" bgp graceful-restart restart-time ").append(config.gracefulRestartTime()).append('\n');
      out.append(" bgp graceful-restart preserve-fw-state\n");
    }
    for (Neighbor n : config.neighbors()) {
      String nb = " neighbor " + n.address() + ' ';
      out.append(nb).append("remote-as ").append(n.remoteAs()).append('\n');
      out.append(nb).append("port ").append(n.port()).append('\n');
      config.localAddress(n).ifPresent(a -> out.append(nb).append("update-source ").append(a).append('\n'));
      out.append(nb).append("timers ").append(n.keepalive()).append(' ').append(n.holdTime()).append('\n');
      out.append(nb).append("timers connect ").append(n.connectRetry()).append('\n');
      if (n.passive()) {
        out.append(nb).append("passive\n");
      }
      if (n.ttlSecurity() > 0) {
        // FRR: mutually exclusive with ebgp-multihop
        out.append(nb).append("ttl-security hops ").append(n.ttlSecurity()).append('\n');
      } else if (n.multihop() && !config.internal(n)) {
        out.append(nb).append("ebgp-multihop 255\n");
      }
      n.password().ifPresent(p -> out.append(nb).append("password ").append(p).append('\n'));
    }
    boolean exportMap = config.nextHop4().isPresent() || config.nextHop6().isPresent();
    for (Family family : Family.values()) {
      out.append(" address-family ").append(afi(family)).append(" unicast\n");
      for (IPAddress prefix : config.originated(family)) {
        out.append("  network ").append(prefix.toCanonicalString()).append('\n');
      }
      for (Neighbor n : config.neighbors()) {
        if (!n.carries(family)) {
          continue;
        }
        String nb = "  neighbor " + n.address() + ' ';
        out.append(nb).append("activate\n");
        if (n.routeReflectorClient()) {
          out.append(nb).append("route-reflector-client\n");
        }
        if (n.nextHopSelf()) {
          out.append(nb).append("next-hop-self\n");
        }
        if (!n.exportAll()) {
          out.append(nb).append("route-map ").append(DENY_MAP).append(" out\n");
        } else if (exportMap) {
          out.append(nb).append("route-map ").append(EXPORT_MAP).append(" out\n");
        }
        if (!n.importAll()) {
          out.append(nb).append("route-map ").append(DENY_MAP).append(" in\n");
        }
      }
      out.append(" exit-address-family\n");
    }
    out.append("exit\n!\n");
    if (exportMap) {
      out.append("route-map ").append(EXPORT_MAP).append(" permit 10\n");
      config.nextHop4().ifPresent(a -> out.append(" set ip next-hop ").append(a).append('\n'));
      config.nextHop6().ifPresent(a -> out.append(" set ipv6 next-hop global ").append(a).append('\n'));
      out.append("exit\n!\n");
    }
    if (config.neighbors().stream().anyMatch(n -> !n.importAll() || !n.exportAll())) {
      out.append("route-map ").append(DENY_MAP).append(" deny 10\nexit\n!\n");
    }
    return out.toString();
  }

  static String afi(Family family) {
    return family == Family.IPV4 ? "ipv4" : "ipv6";
  }
}
