package io.jcalico.bgp.routers;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * FRR's bgpd standalone (no zebra, no watchfrr): {@code bgpd -f bgpd.conf -p PORT -l ADDR -Z -S
 * -i pid --vty_socket DIR -P 0}, one {@code -l} per listen address, queried and reconfigured with {@code vtysh -d bgpd} against its
 * vty socket in the work directory.
 */
public final class FrrBgpd extends AbstractRouterDaemon {
  static final String BGPD = "/usr/lib/frr/bgpd";

  public FrrBgpd(RouterConfig config) {
    this(config, Optional.empty());
  }

  /** An FRR bgpd that runs inside network namespace {@code netns}, when present. */
  public FrrBgpd(RouterConfig config, Optional<String> netns) {
    super(DaemonKind.FRR, config, netns);
  }

  @Override
  public Path logFile() {
    return process.file("bgpd.log");
  }

  @Override
  protected void writeConfig(RouterConfig config) throws IOException {
    write("bgpd.conf", FrrConfig.render(config, logFile()));
  }

  @Override
  protected List<String> command() {
    RouterConfig config = config();
    ImmutableList.Builder<String> argv = ImmutableList.<String>builder()
        .add(BGPD, "-f", process.file("bgpd.conf").toString(), "-p", Integer.toString(config.port()));
    config.listenAddresses().forEach(a -> argv.add("-l", a.toString()));
    return argv.add("-Z", "-S", "-i", process.file("bgpd.pid").toString(),
        "--vty_socket", process.dir().toString(), "-P", "0").build();
  }

  /** None: FRR 8.4's bgpd has no restart option (-K is zebra's); its configuration alone makes it restart gracefully. */
  @Override
  protected List<String> gracefulRestartFlags() {
    return List.of();
  }

  @Override
  protected void probe() {
    vtysh("show bgp summary json");
  }

  /** Runs vtysh commands in sequence (one {@code -c} each) against this bgpd only. */
  String vtysh(String... commands) {
    ImmutableList.Builder<String> argv = ImmutableList.<String>builder()
        .add("vtysh", "--vty_socket", process.dir().toString(), "-d", "bgpd");
    for (String command : commands) {
      argv.add("-c", command);
    }
    return cli(argv.build());
  }

  private JsonNode neighborJson(IPAddress neighbor) {
    JsonNode all = Json.parse(vtysh("show bgp neighbors " + neighbor + " json"));
    JsonNode node = all.get(neighbor.toString());
    if (node == null) {
      throw new RouterDaemonException("frr has no neighbour " + neighbor + ": " + all);
    }
    return node;
  }

  @Override
  public PeerStatus peer(IPAddress neighbor) {
    JsonNode node = neighborJson(neighbor);
    return new PeerStatus(neighbor, SessionState.parse(node.path("bgpState").asText("Idle")),
        node.path("lastResetDueTo").asText(""));
  }

  @Override
  public long receivedCount(IPAddress neighbor, Family family) {
    return neighborJson(neighbor).path("addressFamilyInfo").path(FrrConfig.afi(family) + "Unicast")
        .path("acceptedPrefixCounter").asLong(0);
  }

  /**
   * The neighbour's paths in the table: unlike {@code neighbors X routes}, which lists nothing
   * while the session is down, these include the paths kept stale during its graceful restart.
   */
  @Override
  public List<Route> receivedRoutes(IPAddress neighbor, Family family) {
    return parseRoutes(table(family), fromPeer(neighbor));
  }

  @Override
  public List<Route> routes(Family family) {
    return parseRoutes(table(family), path -> true);
  }

  /**
   * Prefixes from {@code neighbor} that bgpd holds as stale: kept while the neighbour restarts
   * gracefully, until its End-of-RIB (their paths carry {@code "stale": true}).
   */
  public List<IPAddress> staleRoutes(IPAddress neighbor, Family family) {
    return parseRoutes(table(family), fromPeer(neighbor).and(path -> path.path("stale").asBoolean(false)))
        .stream().map(Route::prefix).toList();
  }

  private String table(Family family) {
    return vtysh("show bgp " + FrrConfig.afi(family) + " unicast json");
  }

  private static Predicate<JsonNode> fromPeer(IPAddress neighbor) {
    Optional<IPAddress> peer = Optional.of(neighbor.withoutPrefixLength());
    return path -> Json.address(path.get("peerId")).equals(peer);
  }

  @Override
  public synchronized void announce(IPAddress prefix) {
    network(prefix, "network ");
    setConfig(config().withOriginated(prefix));
  }

  @Override
  public synchronized void withdraw(IPAddress prefix) {
    network(prefix, "no network ");
    setConfig(config().withoutOriginated(prefix));
  }

  private void network(IPAddress prefix, String verb) {
    String out = vtysh("configure terminal", "router bgp " + config().localAs(),
        "address-family " + FrrConfig.afi(Family.of(prefix)) + " unicast",
        verb + prefix.toPrefixBlock().toCanonicalString(), "end");
    if (out.contains("%")) {
      throw new RouterDaemonException("vtysh " + verb + prefix + ": " + out.strip());
    }
  }

  /** {@code {"routes": {"198.18.0.0/24": [ {"nexthops": [{"ip": ...}], "path": "65001 65002"} ]}}}: every path. */
  public static List<Route> parseRoutes(String json) {
    return parseRoutes(json, path -> true);
  }

  /**
   * {@code {"routes": {"198.18.0.0/24": [ {"peerId": ..., "nexthops": [{"ip": ...}], "path": "65001 65002"} ]}}},
   * the paths {@code which} accepts.
   */
  static List<Route> parseRoutes(String json, Predicate<JsonNode> which) {
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Json.parse(json).path("routes").properties()) {
      IPAddress prefix = new IPAddressString(entry.getKey()).getAddress();
      for (JsonNode path : entry.getValue()) {
        if (!which.test(path)) {
          continue;
        }
        routes.add(new Route(prefix, Json.address(path.path("nexthops").path(0).get("ip")),
            AsPaths.parse(path.path("path").asText(""))));
      }
    }
    return routes;
  }
}
