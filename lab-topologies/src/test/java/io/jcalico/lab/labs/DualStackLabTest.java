package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.runner.Pods;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code labs/dual-stack}: three nodes with IPv4 and IPv6 addresses in the mesh, IPv4 and IPv6
 * pools; each pod gets one address of each family, IPv4 and IPv6 pings go across nodes, and each
 * node's IPv6 block is blackholed by its owner and routed by the others via the owner's IPv6 address.
 */
class DualStackLabTest {
  private static final List<String> NODES = List.of("node1", "node2", "node3");
  private static DeployedLab lab;

  @BeforeAll
  static void deploy() {
    lab = DeployedLab.deployWithPods("dual-stack", NODES);
  }

  @AfterAll
  static void destroy() {
    DeployedLab.destroy(lab);
  }

  @Test
  void everyPodHasAnIpv4AndAnIpv6AddressFromThePools() {
    for (PodRecord p : lab.pods().list()) {
      List<IPAddress> a = Pods.addresses(p);
      assertThat(a).hasSize(2);
      assertThat(a.get(0).toCanonicalString()).startsWith("198.19.");
      assertThat(a.get(1).isIPv6()).isTrue();
      assertThat(a.get(1).toCanonicalString()).startsWith("fd00:198:19:48::");
    }
  }

  @Test
  void eachPairOfNodesHasAnIpv4AndAnIpv6MeshSession() {
    for (String node : NODES) {
      Awaitility.await(node + " sessions").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<PeerStatus> peers = lab.bgpPeers(node);
        assertThat(peers).hasSize(4).allSatisfy(p -> assertThat(p.getState()).isEqualTo(SessionState.ESTABLISHED));
        assertThat(peers).filteredOn(p -> p.getConfig().getAddress().contains(":")).hasSize(2);
      });
    }
  }

  @Test
  void podsPingEachOtherOverIpv4AndIpv6BlocksAreRoutedViaTheOwnersIpv6Address() {
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(90), IPAddress::isIPv4);
    for (PodRecord p : lab.pods().list()) {
      String ownerV6 = "fd00:198:18:4::1" + p.node().substring(4);
      IPAddress v6 = Pods.addresses(p).get(1);
      String block = v6.toPrefixBlock(122).toCanonicalString();
      for (String other : NODES) {
        String routes = lab.exec(other, "ip", "-6", "route").stdout();
        if (other.equals(p.node())) {
          assertThat(routes).contains("blackhole " + block);
        } else {
          Awaitility.await(other + " route to " + block).atMost(Duration.ofSeconds(60)).untilAsserted(() ->
              assertThat(lab.exec(other, "ip", "-6", "route").stdout()).contains(block + " via " + ownerV6 + " dev eth1"));
        }
      }
    }
  }

  @Test
  void podsPingEachOtherOverIpv6() {
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(90), IPAddress::isIPv6);
  }
}
