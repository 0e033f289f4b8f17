package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real reference BGP daemon (BIRD 2, FRR bgpd, GoBGP) run as a child process for interop tests,
 * benchmarks and lab topologies. Each instance lives in its own temporary directory, deleted by
 * {@link #close()}; a JVM shutdown hook kills whatever a failed test left running. Use it in
 * try-with-resources.
 */
public interface RouterDaemon extends AutoCloseable {

  /** Which daemon this is. */
  DaemonKind kind();

  /** The configuration in force, including routes announced or withdrawn at runtime. */
  RouterConfig config();

  /** Writes the configuration, starts the process and returns once its control interface answers. */
  void start();

  /** Stops the process (SIGTERM, then SIGKILL); the directory stays for a restart. */
  void stop();

  /** Stop then start with the current configuration, like a router reboot. */
  default void restart() {
    stop();
    start();
  }

  /**
   * Kills the daemon (SIGKILL: no NOTIFICATION, as in a crash) and starts it again with
   * {@code next} as a restarting speaker (BIRD {@code -R}, GoBGP {@code -r}; FRR bgpd needs no flag): with
   * {@link RouterConfig#gracefulRestartTime()} set, its peers keep its routes meanwhile and it sets
   * the Restart State bit when it comes back.
   */
  void restartGracefully(RouterConfig next);

  boolean isRunning();

  long pid();

  /** SIGSTOP the daemon: sessions stay open but silent, so peers see their hold timer expire. */
  void freeze();

  /** SIGCONT after {@link #freeze()}. */
  void thaw();

  Path workDir();

  /** The daemon's log file (session events, NOTIFICATIONs when the config asks for them). */
  Path logFile();

  /** The log file's text, empty if nothing was written yet. */
  String log();

  PeerStatus peer(IPAddress neighbor);

  /** Routes received from the neighbour and accepted, counted by the daemon. */
  long receivedCount(IPAddress neighbor, Family family);

  /** Routes received from the neighbour and accepted. */
  List<Route> receivedRoutes(IPAddress neighbor, Family family);

  /** Every path in the daemon's table of that family (best and others, own routes included). */
  List<Route> routes(Family family);

  /** Originates {@code prefix} from now on, sessions kept up. */
  void announce(IPAddress prefix);

  /** Stops originating {@code prefix}, sessions kept up. */
  void withdraw(IPAddress prefix);

  default PeerStatus awaitState(IPAddress neighbor, SessionState state, Duration timeout) {
    return Poll.value(timeout, kind() + " session to " + neighbor + " in " + state,
        () -> peer(neighbor), p -> p.state() == state);
  }

  default PeerStatus awaitEstablished(IPAddress neighbor, Duration timeout) {
    return awaitState(neighbor, SessionState.ESTABLISHED, timeout);
  }

  /** Waits until the session to {@code neighbor} is anything but Established, e.g. after a hold timer expiry. */
  default PeerStatus awaitDown(IPAddress neighbor, Duration timeout) {
    return Poll.value(timeout, kind() + " session to " + neighbor + " down", () -> peer(neighbor),
        p -> !p.established());
  }

  /** Waits until the daemon has received {@code count} routes of that family from {@code neighbor}. */
  default long awaitReceivedCount(IPAddress neighbor, Family family, long count, Duration timeout) {
    return Poll.value(timeout, kind() + " holding " + count + " " + family + " routes from " + neighbor,
        () -> receivedCount(neighbor, family), n -> n == count);
  }

  /** Stops the daemon and deletes its directory. Never throws for a daemon already gone. */
  @Override
  void close();
}
