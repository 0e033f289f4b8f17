package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code labs/route-reflectors}: six nodes, mesh off, node1 and node2 reflectors selected by label
 * through one BGPPeer's peerSelector. A client has exactly two sessions (the reflectors), a
 * reflector one with every other node; pods on all six nodes reach each other.
 */
class RouteReflectorsLabTest {
  private static final List<String> NODES = IntStream.rangeClosed(1, 6).mapToObj(i -> "node" + i).toList();
  private static final List<String> REFLECTORS = List.of("198.18.3.11", "198.18.3.12");
  private static DeployedLab lab;

  @BeforeAll
  static void deploy() {
    lab = DeployedLab.deployWithPods("route-reflectors", NODES);
  }

  @AfterAll
  static void destroy() {
    DeployedLab.destroy(lab);
  }

  @Test
  void clientsPeerWithBothReflectorsOnlyAndReflectorsWithEveryone() {
    for (String node : NODES) {
      String self = "198.18.3.1" + node.substring(4);
      List<String> expected = REFLECTORS.contains(self)
          ? IntStream.rangeClosed(1, 6).mapToObj(i -> "198.18.3.1" + i).filter(a -> !a.equals(self)).toList()
          : REFLECTORS;
      Awaitility.await(node + " sessions").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        List<PeerStatus> peers = lab.bgpPeers(node);
        assertThat(peers).extracting(p -> p.getConfig().getAddress()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(peers).allSatisfy(p -> assertThat(p.getState()).as(node + " -> " + p.getConfig().getAddress())
            .isEqualTo(SessionState.ESTABLISHED));
      });
    }
  }

  @Test
  void podsOnAllSixNodesReachEachOther() {
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(120));
    // reflected with the next hop kept: node3 routes node6's block straight to node6
    assertThat(lab.exec("node3", "ip", "route").stdout()).containsPattern("198\\.19\\.\\d+\\.\\d+/26 via 198\\.18\\.3\\.16 dev eth1");
  }
}
