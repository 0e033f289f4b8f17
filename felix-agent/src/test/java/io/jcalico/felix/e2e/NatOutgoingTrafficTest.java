package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.testing.Addresses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IP pools' {@code natOutgoing} on running daemons (a subclass per policy backend), both
 * families: a pod's connection to a host outside every pool arrives from its node's address;
 * with the pool's natOutgoing set to false in etcd it arrives from the pod's own address (and
 * only gets an answer once the outside host has a route back to the pool); pod-to-pod traffic
 * across nodes always keeps the pods' addresses; pools added and deleted later count at once.
 *
 * <pre>
 *   underlay 198.18.0.0/24, fd00:198:18::/64
 *     node-1 (.11, ::11): pod a        node-2 (.12, ::12): pod b        outside (.200, ::200)
 *   pools: 198.18.128.0/18, fd00:198:19::/112 (natOutgoing true unless a case says otherwise)
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NatOutgoingTrafficTest {
  private static final IPAddress POOL_V4 = Addresses.ip("198.18.128.0/18");
  private static final IPAddress POOL_V6 = Addresses.ip("fd00:198:19::/112");
  /** Pool changes reach the kernel within this (the syncer's watch, one apply). */
  private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);
  private static final List<Integer> FAMILIES = List.of(4, 6);

  private Testbed bed;
  private TestNode node1;
  private TestPod a;
  private TestPod b;
  private Testbed.ExternalHost outside;
  private SourceAddressServer outsideServer;
  private SourceAddressServer podServer;

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  /** {@code --policy-backend} of both nodes. */
  abstract String backend();

  @BeforeAll
  void startCluster() {
    bed = Testbed.create("nat-outgoing-" + backend());
    bed.meshBgp(Duration.ofSeconds(10)).podAddressFamilies(true, true);
    masquerade(true);
    for (int i = 1; i <= 2; i++) {
      bed.addNode("node-" + i).withArgs("--policy-backend", backend());
    }
    bed.startAll(Duration.ofSeconds(120));
    node1 = bed.node("node-1");
    a = node1.addPod("default", "a");
    b = bed.node("node-2").addPod("default", "b");
    outside = bed.addExternalHost();
    outsideServer = SourceAddressServer.start(outside.netnsPath());
    podServer = SourceAddressServer.start(b.netnsPath());
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
  }

  @AfterAll
  void tearDown() {
    if (outsideServer != null) outsideServer.close();
    if (podServer != null) podServer.close();
    if (bed != null) bed.close();
  }

  /** Every case starts from Calico's default: both pools masquerade. */
  @BeforeEach
  void poolsMasquerade() {
    masquerade(true);
  }

  /** The outside host forgets any route back to the pools a case gave it. */
  @AfterEach
  void noRouteBack() {
    for (IPAddress pool : List.of(POOL_V4, POOL_V6)) {
      Exec.quiet(Testbed.IP, "-n", outside.netns(), pool.isIPv4() ? "-4" : "-6", "route", "del", pool.toCanonicalString());
    }
  }

  // ------------------------------------------------------------------ cases

  @Test
  void aPodsTrafficToOutsideThePoolsArrivesFromItsNodesAddress() {
    for (int f : FAMILIES) {
      awaitSeen("IPv" + f + " pod a -> outside, natOutgoing true", a.netnsPath(), outside.address(f),
          node1.address(f).withoutPrefixLength());
    }
  }

  @Test
  void withNatOutgoingOffThePodsOwnAddressLeavesAndNeedsARouteBack() {
    masquerade(false);
    for (int f : FAMILIES) {
      Awaitility.await("IPv" + f + " pod a -> outside unanswered: natOutgoing false and no route back")
          .atMost(TAKES_EFFECT_WITHIN).pollInterval(Duration.ofMillis(200))
          .until(() -> SourceAddressServer.ask(a.netnsPath(), outside.address(f), PROBE_TIMEOUT).address() == null);
    }
    for (int f : FAMILIES) {
      outside.routeVia(f == 4 ? POOL_V4 : POOL_V6, node1.address(f), true);
      awaitSeen("IPv" + f + " pod a -> outside, natOutgoing false, route back", a.netnsPath(), outside.address(f),
          a.ip(f).orElseThrow().withoutPrefixLength());
    }
    masquerade(true);
    for (int f : FAMILIES) {
      awaitSeen("IPv" + f + " pod a -> outside, natOutgoing true again", a.netnsPath(), outside.address(f),
          node1.address(f).withoutPrefixLength());
    }
  }

  @Test
  void podToPodTrafficAcrossNodesKeepsThePodsAddressWhileThePoolMasquerades() {
    for (int f : FAMILIES) {
      awaitSeen("IPv" + f + " pod a (node-1) -> pod b (node-2)", a.netnsPath(), b.ip(f).orElseThrow(),
          a.ip(f).orElseThrow().withoutPrefixLength());
    }
  }

  @Test
  void aPoolAddedLaterCountsAsInsideUntilItIsDeleted() {
    for (int f : FAMILIES) {
      outside.routeVia(f == 4 ? POOL_V4 : POOL_V6, node1.address(f), true);
    }
    // disabled: IPAM never hands out its addresses; it only makes the outside host a pool destination
    bed.apply("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: outside-v4}
        spec: {cidr: 198.18.0.192/26, blockSize: 26, natOutgoing: false, disabled: true}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: outside-v6}
        spec: {cidr: "fd00:198:18::200/122", blockSize: 122, natOutgoing: false, disabled: true}
        """);
    try {
      for (int f : FAMILIES) {
        awaitSeen("IPv" + f + " pod a -> a destination in a pool added later", a.netnsPath(), outside.address(f),
            a.ip(f).orElseThrow().withoutPrefixLength());
      }
    } finally {
      for (String pool : List.of("outside-v4", "outside-v6")) {
        bed.datastore().delete(io.jcalico.datastore.model.ResourceKind.IP_POOL, null, pool, null);
      }
    }
    for (int f : FAMILIES) {
      awaitSeen("IPv" + f + " pod a -> outside once that pool is deleted", a.netnsPath(), outside.address(f),
          node1.address(f).withoutPrefixLength());
    }
  }

  // ------------------------------------------------------------------ helpers

  private void masquerade(boolean on) {
    bed.ipPool("pool-v4", POOL_V4.toCanonicalString(), 26, on).ipPool("pool-v6", POOL_V6.toCanonicalString(), 122, on);
  }

  /** Waits until a connection from {@code from} to {@code to} arrives from {@code expected}. */
  private static void awaitSeen(String what, Path from, IPAddress to, IPAddress expected) {
    SourceAddressServer.Seen[] last = new SourceAddressServer.Seen[1];
    try {
      Awaitility.await(what).atMost(TAKES_EFFECT_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
        last[0] = SourceAddressServer.ask(from, to.withoutPrefixLength(), PROBE_TIMEOUT);
        return expected.equals(last[0].address());
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(what + ": expected to be seen as " + expected + ", last " + last[0], e);
    }
    assertThat(last[0].address()).isEqualTo(expected);
  }
}
