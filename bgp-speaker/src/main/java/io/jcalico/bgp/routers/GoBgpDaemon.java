package io.jcalico.bgp.routers;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * GoBGP as a child process: {@code gobgpd -f gobgpd.toml --api-hosts 127.0.0.1:P --pprof-disable},
 * queried with {@code gobgp -p P ... -j}. Originated prefixes go in over the API after start
 * ({@code gobgp global rib add}); gobgpd's own output (JSON log lines) is the log file.
 */
public final class GoBgpDaemon extends AbstractRouterDaemon {
  // GoBGP's API enum for session_state: UNKNOWN=0, IDLE, CONNECT, ACTIVE, OPENSENT, OPENCONFIRM, ESTABLISHED.
  private static final SessionState[] STATES = {SessionState.IDLE, SessionState.IDLE,
      SessionState.CONNECT, SessionState.ACTIVE, SessionState.OPEN_SENT, SessionState.OPEN_CONFIRM,
      SessionState.ESTABLISHED};

  private final int apiPort;

  public GoBgpDaemon(RouterConfig config) {
    this(config, Optional.empty());
  }

  /** A gobgpd that runs inside network namespace {@code netns}, when present. */
  public GoBgpDaemon(RouterConfig config, Optional<String> netns) {
    super(DaemonKind.GOBGP, config, netns);
    this.apiPort = freeLoopbackPort();
  }

  /** The gRPC API port on 127.0.0.1 (inside the namespace, if any). */
  public int apiPort() {
    return apiPort;
  }

  @Override
  public Path logFile() {
    return process.file("stdout.log");
  }

  @Override
  protected void writeConfig(RouterConfig config) throws IOException {
    write("gobgpd.toml", GoBgpConfig.render(config));
  }

  @Override
  protected List<String> command() {
    return List.of("gobgpd", "-f", process.file("gobgpd.toml").toString(),
        "--api-hosts", "127.0.0.1:" + apiPort, "--pprof-disable",
        "-l", config().verboseLog() ? "info" : "warn");
  }

  @Override
  protected List<String> gracefulRestartFlags() {
    return List.of("-r");
  }

  @Override
  protected void probe() {
    gobgp("global");
  }

  /** Adds the originated routes, then enables the neighbours the config starts down with them. */
  @Override
  protected void afterStart() {
    config().originate().forEach(p -> rib("add", p));
    if (!config().originate().isEmpty()) {
      config().neighbors().forEach(n -> gobgp("neighbor", n.address().toString(), "enable"));
    }
  }

  String gobgp(String... args) {
    String out = cli(ImmutableList.<String>builder().add("gobgp", "-p", Integer.toString(apiPort))
        .add(args).build());
    if (out.startsWith("{\"error\"")) {
      throw new RouterDaemonException("gobgp " + String.join(" ", args) + ": " + out.strip());
    }
    return out;
  }

  private JsonNode neighborJson(IPAddress neighbor) {
    return Json.parse(gobgp("neighbor", neighbor.toString(), "-j"));
  }

  @Override
  public PeerStatus peer(IPAddress neighbor) {
    int state = neighborJson(neighbor).path("state").path("session_state").asInt(0);
    return new PeerStatus(neighbor, state < STATES.length ? STATES[state] : SessionState.IDLE, "");
  }

  @Override
  public long receivedCount(IPAddress neighbor, Family family) {
    int afi = family == Family.IPV4 ? 1 : 2;
    for (JsonNode afiSafi : neighborJson(neighbor).path("afi_safis")) {
      JsonNode state = afiSafi.path("state");
      if (state.path("family").path("afi").asInt() == afi) {
        return state.path("accepted").asLong(0);
      }
    }
    return 0;
  }

  /**
   * The neighbour's paths in the global RIB: unlike {@code adj-in}, which also holds paths
   * rejected for an AS loop (FRR sends a peer's own routes back to it), these were accepted.
   */
  @Override
  public List<Route> receivedRoutes(IPAddress neighbor, Family family) {
    return parseRoutes(gobgp("global", "rib", "-a", afi(family), "-j"), Optional.of(neighbor));
  }

  @Override
  public List<Route> routes(Family family) {
    return parseRoutes(gobgp("global", "rib", "-a", afi(family), "-j"), Optional.empty());
  }

  @Override
  public synchronized void announce(IPAddress prefix) {
    rib("add", prefix);
    setConfig(config().withOriginated(prefix));
  }

  @Override
  public synchronized void withdraw(IPAddress prefix) {
    rib("del", prefix);
    setConfig(config().withoutOriginated(prefix));
  }

  private void rib(String verb, IPAddress prefix) {
    gobgp("global", "rib", verb, "-a", afi(Family.of(prefix)), prefix.toPrefixBlock().toCanonicalString());
  }

  /**
   * Prefixes from {@code neighbor} that gobgpd holds as stale: kept while the neighbour restarts
   * gracefully, until its End-of-RIB (their paths carry {@code "stale": true}).
   */
  public List<IPAddress> staleRoutes(IPAddress neighbor, Family family) {
    return parseRoutes(gobgp("global", "rib", "-a", afi(family), "-j"),
        fromNeighbor(neighbor).and(path -> path.path("stale").asBoolean(false)))
        .stream().map(Route::prefix).toList();
  }

  private static Predicate<JsonNode> fromNeighbor(IPAddress neighbor) {
    Optional<IPAddress> peer = Optional.of(neighbor.withoutPrefixLength());
    return path -> Json.address(path.get("neighbor-ip")).equals(peer);
  }

  private static String afi(Family family) {
    return family == Family.IPV4 ? "ipv4" : "ipv6";
  }

  /**
   * {@code {"198.18.0.0/24": [{"attrs": [{"type": 2, "as_paths": [{"asns": [..]}]},
   * {"type": 3, "nexthop": ".."} or {"type": 14, "nexthop": ".."}], "neighbor-ip": ".."}]}}, keeping
   * only paths from {@code fromNeighbor} when present.
   */
  public static List<Route> parseRoutes(String json, Optional<IPAddress> fromNeighbor) {
    return parseRoutes(json, fromNeighbor.map(GoBgpDaemon::fromNeighbor).orElse(path -> true));
  }

  /** The paths of {@code json} that {@code which} accepts. */
  static List<Route> parseRoutes(String json, Predicate<JsonNode> which) {
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Json.parse(json).properties()) {
      IPAddress prefix = new IPAddressString(entry.getKey()).getAddress();
      if (prefix == null) {
        continue;
      }
      for (JsonNode path : entry.getValue()) {
        if (!which.test(path)) {
          continue;
        }
        Optional<IPAddress> nextHop = Optional.empty();
        List<Long> asPath = new ArrayList<>();
        for (JsonNode attr : path.path("attrs")) {
          switch (attr.path("type").asInt()) {
            case 2 -> attr.path("as_paths").forEach(seg -> seg.path("asns").forEach(a -> asPath.add(a.asLong())));
            case 3, 14 -> nextHop = Json.address(attr.get("nexthop"));
            default -> { }
          }
        }
        routes.add(new Route(prefix, nextHop, asPath));
      }
    }
    return routes;
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
