package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.lab.runner.LabRunner;
import io.jcalico.lab.runner.LabRunner.NodeStatus;
import io.jcalico.proto.bgp.SessionState;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code labs/mesh3}: three calico-node nodes in Calico's default node-to-node mesh on one L2
 * segment; one pod each, attached through the CNI plugin; every pod reaches every other.
 */
class MeshThreeLabTest {
  private static DeployedLab lab;

  @BeforeAll
  static void deploy() {
    lab = DeployedLab.deployWithPods("mesh3", List.of("node1", "node2", "node3"));
  }

  @AfterAll
  static void destroy() {
    DeployedLab.destroy(lab);
  }

  @Test
  void everyNodeRunsItsDaemon() {
    List<NodeStatus> rows = lab.runner.inspect(lab.topology);
    assertThat(rows).filteredOn(r -> r.kind().equals("calico-node")).hasSize(3)
        .allSatisfy(r -> assertThat(r.state()).isEqualTo("running"));
    System.out.print(LabRunner.table(rows));
  }

  @Test
  void everyPodPingsEveryOtherAcrossTheMesh() {
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(60));
    // learned over the mesh: node1 routes node2's block via node2's address on the segment
    String routes = lab.exec("node1", "ip", "route").stdout();
    String block2 = lab.pods().find("node2", "pod-node2").orElseThrow().addresses().get(0);
    assertThat(routes).containsPattern("198\\.19\\.\\d+\\.\\d+/26 via 198\\.18\\.1\\.12 dev eth1");
    assertThat(block2).startsWith("198.19.");
  }

  @Test
  void eachNodeHasTwoEstablishedMeshSessions() {
    for (String node : List.of("node1", "node2", "node3")) {
      Awaitility.await(node + " sessions").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(lab.bgpPeers(node)).hasSize(2).allSatisfy(p -> {
            assertThat(p.getState()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(p.getConfig().getPeerType()).isEqualTo("node-to-node mesh");
          }));
    }
  }
}
