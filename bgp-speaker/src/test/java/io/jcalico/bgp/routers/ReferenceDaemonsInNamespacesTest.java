package io.jcalico.bgp.routers;

import static io.jcalico.bgp.routers.ReferenceDaemonsPeeringTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The daemons run inside network namespaces the test creates, joined by a veth pair, the way the
 * lab runner uses them: single-hop eBGP on port 179, one IPv4 and one IPv6 session, next hops the
 * daemons' own interface addresses (none of the loopback workarounds).
 */
class ReferenceDaemonsInNamespacesTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private final List<String> namespaces = new ArrayList<>();

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(DaemonKind.BIRD, DaemonKind.FRR),
        Arguments.of(DaemonKind.FRR, DaemonKind.GOBGP),
        Arguments.of(DaemonKind.GOBGP, DaemonKind.BIRD));
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("pairs")
  void singleHopSessionsOverVeth(DaemonKind kindA, DaemonKind kindB) {
    String tag = "jcrt" + ProcessHandle.current().pid() % 100000 + kindA.ordinal() + kindB.ordinal();
    String nsA = namespace(tag + "a");
    String nsB = namespace(tag + "b");
    sh("ip", "link", "add", tag + "a", "netns", nsA, "type", "veth", "peer", "name", tag + "b", "netns", nsB);
    configure(nsA, tag + "a", "198.18.100.1/30", "fd00:100::1/64");
    configure(nsB, tag + "b", "198.18.100.2/30", "fd00:100::2/64");

    RouterConfig a = config("198.18.100.1", "fd00:100::1", 65001, "198.18.100.2", "fd00:100::2", 65002, 1);
    RouterConfig b = config("198.18.100.2", "fd00:100::2", 65002, "198.18.100.1", "fd00:100::1", 65001, 2);
    try (RouterDaemon da = kindA.create(a, Optional.of(nsA)); RouterDaemon db = kindB.create(b, Optional.of(nsB))) {
      da.start();
      db.start();
      try {
        exchange(da, db);
      } catch (RuntimeException | AssertionError e) {
        // The work directories, logs included, are gone after close: say what the daemons said now.
        throw new AssertionError(e.getMessage() + "\n--- " + kindA + " log:\n" + da.log()
            + "\n--- " + kindB + " log:\n" + db.log(), e);
      }
    }
  }

  private static void exchange(RouterDaemon da, RouterDaemon db) {
    for (String peer : List.of("198.18.100.2", "fd00:100::2")) {
      da.awaitEstablished(ip(peer), WAIT);
    }
    for (String peer : List.of("198.18.100.1", "fd00:100::1")) {
      db.awaitEstablished(ip(peer), WAIT);
    }
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(da.receivedRoutes(ip("198.18.100.2"), Family.IPV4))
          .contains(new Route(ip("198.18.102.0/24"), Optional.of(ip("198.18.100.2")), List.of(65002L)));
      assertThat(db.receivedRoutes(ip("198.18.100.1"), Family.IPV4))
          .contains(new Route(ip("198.18.101.0/24"), Optional.of(ip("198.18.100.1")), List.of(65001L)));
      assertThat(da.receivedRoutes(ip("fd00:100::2"), Family.IPV6))
          .contains(new Route(ip("fd00:102::/64"), Optional.of(ip("fd00:100::2")), List.of(65002L)));
      assertThat(db.receivedRoutes(ip("fd00:100::1"), Family.IPV6))
          .contains(new Route(ip("fd00:101::/64"), Optional.of(ip("fd00:100::1")), List.of(65001L)));
    });
  }

  /** Router n on a /30 with an IPv4 session (IPv4 routes) and an IPv6 session (IPv6 routes), default port. */
  private static RouterConfig config(String v4, String v6, long as, String peer4, String peer6, long peerAs, int n) {
    return RouterConfig.of((IPv4Address) ip(v4), as, ip(v4), 179)
        .withNeighbor(Neighbor.of(ip(peer4), 179, peerAs).withFamilies(Set.of(Family.IPV4)).withConnectRetry(1))
        .withNeighbor(Neighbor.of(ip(peer6), 179, peerAs).withFamilies(Set.of(Family.IPV6)).withConnectRetry(1)
            .withLocalAddress(ip(v6)))
        .withOriginated(ip("198.18.10" + n + ".0/24"))
        .withOriginated(ip("fd00:10" + n + "::/64"));
  }

  private String namespace(String name) {
    sh("ip", "netns", "add", name);
    namespaces.add(name);
    sh("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  private static void configure(String ns, String link, String v4, String v6) {
    sh("ip", "-n", ns, "addr", "add", v4, "dev", link);
    sh("ip", "-n", ns, "addr", "add", v6, "dev", link, "nodad");
    sh("ip", "-n", ns, "link", "set", link, "up");
  }

  private static void sh(String... command) {
    Exec.run(Duration.ofSeconds(10), List.of(command)).stdoutOrThrow();
  }

  @AfterEach
  void deleteNamespaces() {
    // Deleting a namespace also deletes the veth end inside it, and with it the pair.
    namespaces.forEach(ns -> Exec.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", ns)));
    namespaces.clear();
  }
}
