package io.jcalico.lab.routers;

import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.FrrBgpd;
import io.jcalico.bgp.routers.GoBgpDaemon;
import io.jcalico.bgp.routers.Route;
import io.jcalico.lab.topology.Bind;
import io.jcalico.lab.topology.Node;
import io.jcalico.lab.topology.NodeKind;
import io.jcalico.lab.topology.TopologyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a router node runs the Debian daemon that its container image would have run, from the
 * configuration file its {@code binds} (or {@code startup-config}) give: the daemons' command
 * lines with every path that the image keeps under {@code /etc} or {@code /var/run} moved into
 * the node's run directory (the host's own {@code /etc/frr} and {@code /run/bird} stay
 * untouched), wrappers so that {@code vtysh} and {@code birdc} typed inside the node find that
 * node's daemon, a readiness probe, and the route table through the same parsers the interop
 * tests use.
 *
 * @param daemons in start order, each {@code name -> argv}
 * @param cliWrappers scripts put first on the PATH of commands run in the node, by file name
 * @param probe a command that succeeds once the daemon answers on its control socket
 */
public record RouterNode(NodeKind kind, List<Daemon> daemons, Map<String, String> cliWrappers, List<String> probe,
    Function<Family, List<String>> routesCommand, Function<String, List<Route>> routesParser) {

  /** One daemon process of the node. */
  public record Daemon(String name, List<String> argv) {}

  /** The gRPC API of gobgpd inside the node's own namespace (GoBGP's default port). */
  public static final int GOBGP_API_PORT = 50051;
  static final String FRR_LIB = "/usr/lib/frr";
  /** FRR daemons the {@code daemons} file may enable; zebra always runs (the kernel routes), staticd too (frrinit does). */
  static final List<String> FRR_DAEMONS = List.of("bgpd", "ospfd", "ospf6d", "ripd", "ripngd", "isisd", "pimd", "ldpd",
      "nhrpd", "eigrpd", "babeld", "pbrd", "bfdd", "fabricd", "vrrpd", "pathd");

  /**
   * The router a node runs, given its run directory (where configuration copies, sockets, pid
   * files and logs go). Throws naming the node when no configuration file is given.
   */
  public static RouterNode of(Node node, Path dir) {
    return switch (node.kind()) {
      case BIRD -> bird(config(node, "bird", "bird.conf", "bird2.conf"), dir);
      case FRR -> frr(config(node, "frr", "frr.conf", "bgpd.conf"), node.bindNamed("daemons").map(Bind::hostPath), dir);
      case GOBGP -> gobgp(config(node, "gobgp", "gobgpd.conf", "gobgpd.toml", "gobgpd.yml", "gobgpd.yaml",
          "gobgpd.json", "gobgp.conf", "gobgp.toml", "gobgp.yml"), dir);
      default -> throw new IllegalArgumentException(node.name() + " is no router");
    };
  }

  private static Path config(Node node, String what, String... names) {
    return node.bindNamed(names).map(Bind::hostPath).or(node::startupConfig).orElseThrow(() -> new TopologyException(
        "node " + node.name() + " (" + what + "): no configuration; bind one, e.g. " + names[0] + ":/etc/" + what + "/"
            + names[0] + ", or set startup-config"));
  }

  static RouterNode bird(Path conf, Path dir) {
    String ctl = dir.resolve("bird.ctl").toString();
    return new RouterNode(NodeKind.BIRD,
        List.of(new Daemon("bird", List.of("bird", "-f", "-c", conf.toString(), "-s", ctl, "-P", dir.resolve("bird.pid").toString()))),
        Map.of("birdc", wrapper("/usr/sbin/birdc", "-s", ctl), "birdcl", wrapper("/usr/sbin/birdcl", "-s", ctl)),
        List.of("birdc", "-s", ctl, "show", "status"),
        family -> List.of("birdc", "-s", ctl, "show", "route", "table", family == Family.IPV4 ? "master4" : "master6", "all"),
        BirdDaemon::parseRoutes);
  }

  /**
   * zebra first (it owns the kernel routes and the zserv socket), then staticd and each daemon
   * the {@code daemons} file enables (bgpd alone without one), every one reading the integrated
   * configuration file as FRR's own start script has it do.
   */
  static RouterNode frr(Path conf, Optional<Path> daemonsFile, Path dir) {
    List<String> enabled = daemonsFile.map(FrrDaemonsFile::enabled).orElse(List.of("bgpd"));
    String zserv = dir.resolve("zserv.api").toString();
    List<Daemon> daemons = new java.util.ArrayList<>();
    for (String d : concat(List.of("zebra", "staticd"), enabled)) {
      daemons.add(new Daemon(d, List.of(FRR_LIB + "/" + d, "-f", conf.toString(), "-i", dir.resolve(d + ".pid").toString(),
          "-z", zserv, "--vty_socket", dir.toString(), "-P", "0")));
    }
    String probeDaemon = enabled.contains("bgpd") ? "bgpd" : "zebra";
    return new RouterNode(NodeKind.FRR, daemons, Map.of("vtysh", wrapper("/usr/bin/vtysh", "--vty_socket", dir.toString())),
        List.of("vtysh", "--vty_socket", dir.toString(), "-d", probeDaemon, "-c", "show version"),
        family -> List.of("vtysh", "--vty_socket", dir.toString(), "-c",
            "show bgp " + (family == Family.IPV4 ? "ipv4" : "ipv6") + " unicast json"),
        FrrBgpd::parseRoutes);
  }

  /**
   * gobgpd with its API on the node's own loopback (so a plain {@code gobgp} inside the node finds
   * it), and {@code fib-sync}: gobgpd installs no kernel routes without zebra, and the ZAPI client
   * of GoBGP 3.10 cannot talk to Debian's FRR 8.4 zebra, so a small loop follows
   * {@code gobgp monitor global rib} and installs each best route ({@code proto bgp}) as zebra would.
   */
  static RouterNode gobgp(Path conf, Path dir) {
    String name = conf.getFileName().toString();
    String type = name.endsWith(".yml") || name.endsWith(".yaml") ? "yaml" : name.endsWith(".json") ? "json" : "toml";
    String api = "127.0.0.1:" + GOBGP_API_PORT;
    return new RouterNode(NodeKind.GOBGP,
        List.of(new Daemon("gobgpd", List.of("gobgpd", "-f", conf.toString(), "-t", type, "--api-hosts", api, "--pprof-disable")),
            new Daemon("fib-sync", List.of("sh", "-c", FIB_SYNC))),
        Map.of(),
        List.of("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(GOBGP_API_PORT), "global"),
        family -> List.of("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(GOBGP_API_PORT), "global", "rib", "-a",
            family == Family.IPV4 ? "ipv4" : "ipv6", "-j"),
        json -> GoBgpDaemon.parseRoutes(json, Optional.empty()));
  }

  /**
   * Lines of {@code gobgp monitor global rib --current} look like
   * {@code <time> [ROUTE] 198.18.1.0/26 via 198.18.10.0 aspath [65001] attrs [...]}, or
   * {@code [DELROUTE]} for a best path gone. Locally originated routes (next hop 0.0.0.0 or ::)
   * are left alone; a withdrawal deletes only the route via that next hop, so it never removes its
   * successor. The loop restarts the monitor if gobgpd restarts.
   */
  static final String FIB_SYNC = """
      while :; do
        gobgp -u 127.0.0.1 -p %d monitor global rib --current 2>/dev/null | while read -r _t kind prefix _via nh _rest; do
          case "$nh" in 0.0.0.0|::|"") continue ;; esac
          case "$kind" in
            "[ROUTE]") ip route replace "$prefix" via "$nh" proto bgp ;;
            "[DELROUTE]") ip route del "$prefix" via "$nh" proto bgp 2>/dev/null ;;
          esac
        done
        sleep 1
      done
      """.formatted(GOBGP_API_PORT);

  private static String wrapper(String binary, String... args) {
    return "#!/bin/sh\nexec " + binary + " " + String.join(" ", args) + " \"$@\"\n";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    b.stream().filter(x -> !out.contains(x)).forEach(out::add);
    return out;
  }
}
