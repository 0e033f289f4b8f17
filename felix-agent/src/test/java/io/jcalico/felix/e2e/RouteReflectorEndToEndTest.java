package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's acceptance with the mesh off and node-1 as route reflector, configured as Calico
 * documents it: node-1 labelled {@code route-reflector=true} with a {@code routeReflectorClusterID},
 * and one BGPPeer {@code nodeSelector: all(), peerSelector: route-reflector == 'true'}. The
 * clients peer only with the reflector, yet learn each other's blocks with the other client as
 * next hop; the failure scenarios behave as on the mesh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReflectorEndToEndTest {
  // long enough for a restart on a loaded 2-core machine (peers Established again 7 s after the
  // kill at worst with two busy loops, bench-node-start.sh; 11 s before the start-up work), short
  // enough to wait out
  private static final Duration RESTART_TIME = Duration.ofSeconds(20);
  private static Testbed bed;

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startCluster() {
    bed = Testbed.create("route-reflector");
    bed.noMeshBgp().ipPool("pool-1", ThreeNodeEndToEndTest.POOL.toCanonicalString(), 26);
    // the Node exists before its daemon: registration keeps the labels and the cluster ID
    bed.apply("""
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata:
          name: node-1
          labels: {route-reflector: "true"}
        spec:
          bgp: {ipv4Address: 198.18.0.11/24, routeReflectorClusterID: 198.19.0.1}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: peer-with-route-reflectors}
        spec:
          nodeSelector: all()
          peerSelector: route-reflector == 'true'
          maxRestartTime: %ds
        """.formatted(RESTART_TIME.toSeconds()));
    RestartScenarios.startThreeNodesWithTwoPodsEach(bed);
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  /** The reflector peers with every client; a client only with the reflector. */
  private static List<TestNode> sessionsOf(TestNode n) {
    TestNode rr = bed.node("node-1");
    return n == rr ? bed.nodes().stream().filter(o -> o != rr && o.isRunning()).toList() : List.of(rr);
  }

  @Test
  @Order(1)
  void clientsPeerOnlyWithTheReflectorAndEveryPodReachesEveryOther() {
    for (TestNode n : bed.nodes()) {
      assertThat(n.awaitSessionsWith(sessionsOf(n), Duration.ofSeconds(60)))
          .allSatisfy(p -> assertThat(p.getConfig().getPeerType()).isNotEqualTo("node-to-node mesh"));
    }
    // routeProblems demands node-3's block on node-2 via node-3 itself: reflected, next hop kept
    assertThat(bed.routeProblems(bed.nodes())).isEmpty();
    List<TestPod> all = bed.pods();
    assertThat(Reachability.pairs(all)).isEqualTo(30);
    assertThat(Reachability.failures(all)).isEmpty();
  }

  @Test
  @Order(2)
  void aKilledAndRestartedClientLosesNoTraffic() {
    RestartScenarios.killAndRestartKeepsTrafficFlowing(bed, bed.node("node-2"), RouteReflectorEndToEndTest::sessionsOf);
  }

  @Test
  @Order(3)
  void aKilledAndRestartedReflectorLosesNoTraffic() {
    RestartScenarios.killAndRestartKeepsTrafficFlowing(bed, bed.node("node-1"), RouteReflectorEndToEndTest::sessionsOf);
  }

  @Test
  @Order(4)
  void aClientGoneForGoodHasItsBlocksWithdrawnAfterTheRestartTime() {
    RestartScenarios.stoppedForGoodIsWithdrawnAfterRestartTime(bed, bed.node("node-3"), RESTART_TIME);
  }
}
