package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Route;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.runner.Pods;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code labs/two-racks}: an AS per rack, rack 1's ToR BIRD, rack 2's FRR, both eBGP to a GoBGP
 * spine; mesh off, each node peering only with its ToR through a BGPPeer that selects nodes by
 * their rack label. Pods in different racks reach each other through ToR, spine and ToR, and each
 * router's table holds every node's pod block. The deploy stays quick enough for the demo.
 */
class TwoRacksLabTest {
  private static final List<String> NODES = List.of("rack1-node1", "rack1-node2", "rack2-node1", "rack2-node2");
  private static final Map<String, String> TOR_OF = Map.of("rack1-node1", "198.18.1.1", "rack1-node2", "198.18.1.1",
      "rack2-node1", "198.18.2.1", "rack2-node2", "198.18.2.1");
  private static DeployedLab lab;

  @BeforeAll
  static void deploy() {
    lab = DeployedLab.deployWithPods("two-racks", NODES);
  }

  @AfterAll
  static void destroy() {
    DeployedLab.destroy(lab);
  }

  @Test
  void deploysWithinAMinute() {
    assertThat(lab.deploySeconds).isLessThan(60);
  }

  @Test
  void eachNodePeersWithItsRacksTorOnly() {
    for (String node : NODES) {
      Awaitility.await(node + " session with its ToR").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<PeerStatus> peers = lab.bgpPeers(node);
        assertThat(peers).extracting(p -> p.getConfig().getAddress()).containsExactly(TOR_OF.get(node));
        assertThat(peers.get(0).getState()).isEqualTo(SessionState.ESTABLISHED);
      });
    }
  }

  @Test
  void podsAcrossRacksReachEachOther() {
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(90));
    // rack 2's blocks reach rack 1 with rack 1's ToR as next hop: the spine sits in between
    String routes = lab.exec("rack1-node1", "ip", "route").stdout();
    for (PodRecord p : lab.pods().list()) {
      if (p.node().startsWith("rack2")) {
        assertThat(routes).contains(block(p) + " via 198.18.1.1 dev eth1");
      }
    }
  }

  @Test
  void everyRouterHoldsEveryPodBlock() {
    List<IPAddress> blocks = lab.pods().list().stream().map(TwoRacksLabTest::block).toList();
    for (String router : List.of("tor1", "tor2", "spine")) {
      Awaitility.await(router + " holding every pod block").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(lab.runner.routerRoutes(lab.topology, router, Family.IPV4)).extracting(Route::prefix)
              .containsAll(blocks));
    }
    // the spine learned each rack's blocks over eBGP with that rack's AS as the path
    List<Route> spine = lab.runner.routerRoutes(lab.topology, "spine", Family.IPV4);
    for (PodRecord p : lab.pods().list()) {
      long rackAs = p.node().startsWith("rack1") ? 65001 : 65002;
      assertThat(spine).filteredOn(r -> r.prefix().equals(block(p))).allSatisfy(r -> assertThat(r.asPath()).containsExactly(rackAs));
    }
    // and the ToRs' CLIs, as a person would type them inside the node
    assertThat(lab.exec("tor1", "birdc", "show", "route").stdout()).contains(block(lab.pods().list().get(2)).toCanonicalString());
    assertThat(lab.exec("tor2", "vtysh", "-c", "show ip bgp").stdout()).contains(block(lab.pods().list().get(0)).toCanonicalString());
    assertThat(lab.exec("spine", "gobgp", "global", "rib").stdout()).contains(block(lab.pods().list().get(3)).toCanonicalString());
  }

  /** The /26 block a pod's address comes from (the pool's block size). */
  private static IPAddress block(PodRecord p) {
    IPAddress a = Pods.addresses(p).get(0);
    return new IPAddressString(a.toCanonicalString() + "/26").getAddress().toPrefixBlock();
  }
}
