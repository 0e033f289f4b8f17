package io.jcalico.bgp.routers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real daemons peer with each other on 127.0.0.x high ports through {@link RouterDaemon}:
 * sessions reach Established, IPv4 and IPv6 routes flow both ways with the configured next hops,
 * runtime announce and withdraw work on each daemon, a frozen peer's hold timer expires on the
 * other side and the session comes back after a thaw, a restarted peer comes back with its
 * runtime routes; nothing is left running afterwards.
 * Pairs are ordered so each daemon is once the side that detects the hold timer expiry.
 */
class ReferenceDaemonsPeeringTest {
  private static final Duration SESSION = Duration.ofSeconds(45);
  private static final Duration ROUTES = Duration.ofSeconds(30);
  private static final int HOLD = 6;

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(DaemonKind.BIRD, DaemonKind.FRR, 10),
        Arguments.of(DaemonKind.FRR, DaemonKind.GOBGP, 20),
        Arguments.of(DaemonKind.GOBGP, DaemonKind.BIRD, 30));
  }

  /** One side of the pair: its addresses and the routes it originates. */
  record Side(int n, IPAddress address, int port, long as) {
    static Side of(int n) {
      return new Side(n, ip("127.0.0." + n), freePort(), 65000 + n);
    }

    IPAddress nextHop4() {
      return ip("198.18.0." + n);
    }

    IPAddress nextHop6() {
      return ip("fd00::" + Integer.toHexString(n));
    }

    IPAddress prefix4(int k) {
      return ip("198.18." + (n + k) + ".0/24");
    }

    IPAddress prefix6(int k) {
      return ip("fd00:" + Integer.toHexString(n) + ":" + k + "::/64");
    }

    RouterConfig config(Side peer) {
      return RouterConfig.of((IPv4Address) nextHop4(), as, address, port)
          .withNeighbor(Neighbor.of(peer.address, peer.port, peer.as).withMultihop(true)
              .withHoldTime(HOLD).withConnectRetry(1))
          .withOriginated(prefix4(100))
          .withOriginated(prefix6(1))
          .withNextHops(nextHop4(), nextHop6());
    }
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("pairs")
  void peerExchangeWithdrawHoldTimerExpiryAndRestart(DaemonKind kindA, DaemonKind kindB, int base) {
    Side a = Side.of(base + 1);
    Side b = Side.of(base + 2);
    long pidA;
    long pidB;
    Path dirA;
    Path dirB;
    try (RouterDaemon da = kindA.create(a.config(b)); RouterDaemon db = kindB.create(b.config(a))) {
      da.start();
      db.start();
      pidA = da.pid();
      pidB = db.pid();
      dirA = da.workDir();
      dirB = db.workDir();

      da.awaitEstablished(b.address, SESSION);
      db.awaitEstablished(a.address, SESSION);

      // Routes both ways, IPv4 and IPv6, with the sender's AS and configured next hop.
      awaitRoute(db, a, a.prefix4(100), a.nextHop4());
      awaitRoute(db, a, a.prefix6(1), a.nextHop6());
      awaitRoute(da, b, b.prefix4(100), b.nextHop4());
      awaitRoute(da, b, b.prefix6(1), b.nextHop6());
      assertThat(da.awaitReceivedCount(b.address, Family.IPV4, 1, ROUTES)).isEqualTo(1);
      assertThat(db.awaitReceivedCount(a.address, Family.IPV6, 1, ROUTES)).isEqualTo(1);
      assertThat(da.routes(Family.IPV4)).extracting(Route::prefix)
          .contains(a.prefix4(100), b.prefix4(100));

      // Runtime changes on each side, sessions kept up.
      for (Side[] dir : List.of(new Side[] {a, b}, new Side[] {b, a})) {
        Side from = dir[0];
        Side to = dir[1];
        RouterDaemon sender = from == a ? da : db;
        RouterDaemon receiver = from == a ? db : da;
        sender.announce(from.prefix4(101));
        sender.announce(from.prefix6(2));
        awaitRoute(receiver, from, from.prefix4(101), from.nextHop4());
        awaitRoute(receiver, from, from.prefix6(2), from.nextHop6());
        sender.withdraw(from.prefix4(100));
        sender.withdraw(from.prefix6(1));
        await().atMost(ROUTES).untilAsserted(() -> {
          assertThat(prefixes(receiver, from, Family.IPV4)).containsExactly(from.prefix4(101));
          assertThat(prefixes(receiver, from, Family.IPV6)).containsExactly(from.prefix6(2));
        });
        assertThat(sender.config().originate()).containsExactlyInAnyOrder(from.prefix4(101), from.prefix6(2));
        assertThat(receiver.peer(from.address).established()).as("session kept up to %s", to.address).isTrue();
      }

      // B frozen: A's hold timer expires, then the session recovers after a thaw.
      db.freeze();
      long frozenAt = System.nanoTime();
      da.awaitDown(b.address, Duration.ofSeconds(HOLD * 4));
      assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isGreaterThan(Duration.ofSeconds(HOLD / 2));
      db.thaw();
      da.awaitEstablished(b.address, SESSION);
      db.awaitEstablished(a.address, SESSION);
      awaitRoute(da, b, b.prefix4(101), b.nextHop4());

      // B restarted: a new process with the configuration in force, runtime changes included.
      long oldPid = db.pid();
      db.restart();
      assertThat(db.pid()).isNotEqualTo(oldPid);
      da.awaitEstablished(b.address, SESSION);
      awaitRoute(da, b, b.prefix6(2), b.nextHop6());
      await().atMost(ROUTES).untilAsserted(() ->
          assertThat(prefixes(da, b, Family.IPV4)).containsExactly(b.prefix4(101)));
      pidB = db.pid();
    }
    assertThat(ProcessHandle.of(pidA).filter(ProcessHandle::isAlive)).as("%s still running", kindA).isEmpty();
    assertThat(ProcessHandle.of(pidB).filter(ProcessHandle::isAlive)).as("%s still running", kindB).isEmpty();
    assertThat(dirA).doesNotExist();
    assertThat(dirB).doesNotExist();
  }

  private static void awaitRoute(RouterDaemon receiver, Side from, IPAddress prefix, IPAddress nextHop) {
    Family family = Family.of(prefix);
    await().atMost(ROUTES).untilAsserted(() -> assertThat(receiver.receivedRoutes(from.address, family))
        .as("%s routes from %s", receiver.kind(), from.address)
        .contains(new Route(prefix, Optional.of(nextHop), List.of(from.as))));
  }

  private static List<IPAddress> prefixes(RouterDaemon receiver, Side from, Family family) {
    return receiver.receivedRoutes(from.address, family).stream().map(Route::prefix).toList();
  }

  static IPAddress ip(String text) {
    return new IPAddressString(text).getAddress();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
