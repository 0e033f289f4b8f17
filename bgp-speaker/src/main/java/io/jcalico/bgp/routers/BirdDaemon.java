package io.jcalico.bgp.routers;

import com.google.common.collect.ImmutableList;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD 2 as a child process: {@code bird -f -c bird.conf -s bird.ctl -P bird.pid}, queried with
 * {@code birdc}. Runtime announce/withdraw rewrites the static protocols and runs
 * {@code birdc configure}, which keeps the BGP sessions up.
 */
public final class BirdDaemon extends AbstractRouterDaemon {
  private static final Pattern BGP_STATE = Pattern.compile("^\\s*BGP state:\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LAST_ERROR = Pattern.compile("^\\s*Last error:\\s+(.*)$", Pattern.MULTILINE);
  private static final Pattern COUNT = Pattern.compile("(\\d+) of \\d+ routes");

  public BirdDaemon(RouterConfig config) {
    this(config, Optional.empty());
  }

  /** A BIRD that runs inside network namespace {@code netns}, when present. */
  public BirdDaemon(RouterConfig config, Optional<String> netns) {
    super(DaemonKind.BIRD, config, netns);
  }

  @Override
  public Path logFile() {
    return process.file("bird.log");
  }

  @Override
  protected void writeConfig(RouterConfig config) throws IOException {
    write("bird.conf", BirdConfig.render(config, logFile()));
  }

  @Override
  protected List<String> command() {
    return List.of("bird", "-f", "-c", process.file("bird.conf").toString(),
        "-s", socket(), "-P", process.file("bird.pid").toString());
  }

  @Override
  protected List<String> gracefulRestartFlags() {
    return List.of("-R");
  }

  @Override
  protected void probe() {
    birdc("show status");
  }

  private String socket() {
    return process.file("bird.ctl").toString();
  }

  /** Runs one birdc command; birdc exits 0 even for BIRD's own errors, so those are checked too. */
  public String birdc(String command) {
    List<String> argv = ImmutableList.<String>builder().add("birdc", "-s", socket())
        .add(command.split(" ")).build();
    String out = cli(argv);
    if (out.contains("syntax error") || out.contains("Unable to connect")) {
      throw new RouterDaemonException("birdc " + command + ": " + out.strip());
    }
    return out;
  }

  @Override
  public PeerStatus peer(IPAddress neighbor) {
    String out = birdc("show protocols all " + BirdConfig.protocolName(neighbor));
    Matcher state = BGP_STATE.matcher(out);
    if (!state.find()) {
      throw new RouterDaemonException("no BGP state for " + neighbor + " in: " + out);
    }
    Matcher error = LAST_ERROR.matcher(out);
    return new PeerStatus(neighbor, SessionState.parse(state.group(1)),
        error.find() ? error.group(1).strip() : "");
  }

  @Override
  public long receivedCount(IPAddress neighbor, Family family) {
    String out = birdc("show route protocol " + BirdConfig.protocolName(neighbor)
        + " table " + BirdConfig.table(family) + " count");
    Matcher m = COUNT.matcher(out);
    if (!m.find()) {
      throw new RouterDaemonException("no route count in: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  @Override
  public List<Route> receivedRoutes(IPAddress neighbor, Family family) {
    return parseRoutes(birdc("show route protocol " + BirdConfig.protocolName(neighbor)
        + " table " + BirdConfig.table(family) + " all"));
  }

  @Override
  public List<Route> routes(Family family) {
    return parseRoutes(birdc("show route table " + BirdConfig.table(family) + " all"));
  }

  @Override
  public synchronized void announce(IPAddress prefix) {
    reconfigure(config().withOriginated(prefix));
  }

  @Override
  public synchronized void withdraw(IPAddress prefix) {
    reconfigure(config().withoutOriginated(prefix));
  }

  private void reconfigure(RouterConfig updated) {
    setConfig(updated);
    try {
      writeConfig(updated);
    } catch (IOException e) {
      throw new RouterDaemonException("cannot write bird.conf", e);
    }
    String out = birdc("configure");
    if (!out.contains("Reconfigur")) {
      throw new RouterDaemonException("birdc configure: " + out.strip());
    }
  }

  /**
   * Parses {@code show route ... all}: a route line starts with the prefix (or blanks for another
   * path to the same prefix) and holds a {@code [protocol ...]} block; tab-indented attribute
   * lines follow.
   */
  public static List<Route> parseRoutes(String out) {
    List<Route> routes = new ArrayList<>();
    IPAddress prefix = null;
    RouteBuilder current = null;
    for (String line : out.split("\n")) {
      if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Table ")) {
        continue;
      }
      if (line.startsWith("\t")) {
        if (current != null) {
          current.attribute(line.strip());
        }
        continue;
      }
      if (!line.contains("[")) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        prefix = new IPAddressString(line.split("\\s+", 2)[0]).getAddress();
      }
      if (prefix == null) {
        continue;
      }
      if (current != null) {
        routes.add(current.build());
      }
      current = new RouteBuilder(prefix);
    }
    if (current != null) {
      routes.add(current.build());
    }
    return routes;
  }

  private static final class RouteBuilder {
    private final IPAddress prefix;
    private Optional<IPAddress> nextHop = Optional.empty();
    private List<Long> asPath = List.of();

    RouteBuilder(IPAddress prefix) {
      this.prefix = prefix;
    }

    void attribute(String line) {
      if (line.startsWith("BGP.next_hop:")) {
        // "fd00::1 fe80::1": the global address comes first.
        String first = line.substring("BGP.next_hop:".length()).strip().split("\\s+")[0];
        nextHop = Optional.ofNullable(new IPAddressString(first).getAddress());
      } else if (line.startsWith("BGP.as_path:")) {
        asPath = AsPaths.parse(line.substring("BGP.as_path:".length()));
      }
    }

    Route build() {
      return new Route(prefix, nextHop, asPath);
    }
  }
}
