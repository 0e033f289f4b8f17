package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.Poll;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.routers.SessionState;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPFilter;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.Resource;
import io.jcalico.felix.calc.BgpPeerCalculator;
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.calc.PeerRouteFilter;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.netlink.Route;
import io.jcalico.felix.shim.ManualScheduler;
import io.jcalico.felix.testing.FakeNetlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's BGP (speaker, advertisements, filters, as calico-node wires them from datastore
 * resources) against a real BIRD peer (AS65002 on 127.0.81.2): BIRD sees our block with the
 * prefixAdvertisements communities (standard and large), does not see the block of a
 * disableBGPExport pool nor the block a BGPFilter export rule rejects, sees the service cluster
 * CIDR, and the route a BGPFilter import rule rejects never reaches the node's kernel table while
 * BIRD's other route does. The kernel is a fake; BIRD and the sessions are real.
 */
class BirdSeesNodeRouteConfigTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BIRD_ADDRESS = "127.0.81.2";

  private final FakeNetlink kernel = new FakeNetlink();
  private final RouteReconciler routes = new RouteReconciler(kernel, new ManualScheduler(), RouteReconciler.Config.DEFAULT);
  private NodeBgp node;
  private BirdDaemon bird;

  @AfterEach
  void stop() {
    if (node != null) node.close();
    if (bird != null) bird.close();
  }

  private static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  private static int freePortOn(String address) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends Resource> List<T> all(List<Resource> rs, Class<T> type) {
    return rs.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void birdSeesCommunitiesAndOnlyTheExportedBlocksAndTheImportFilterDropsItsRoute() {
    int birdPort = freePortOn(BIRD_ADDRESS);
    List<Resource> rs = ResourceCodec.get().parseAll("""
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: node1}
        spec: {bgp: {ipv4Address: 198.18.81.1/24}}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pods}
        spec: {cidr: 198.18.64.0/18, blockSize: 26}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: local-only}
        spec: {cidr: 198.19.0.0/16, blockSize: 26, disableBGPExport: true}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          nodeToNodeMeshEnabled: false
          serviceClusterIPs: [{cidr: 198.18.128.0/20}]
          communities: [{name: pods-large, value: "64512:300:100"}]
          prefixAdvertisements:
          - {cidr: 198.18.64.0/18, communities: [pods-large, "64512:120"]}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPFilter
        metadata: {name: tor-filter}
        spec:
          exportV4:
          - {action: Reject, matchOperator: In, cidr: 198.18.66.0/24}
          importV4:
          - {action: Reject, matchOperator: Equal, cidr: 198.20.9.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor}
        spec: {peerIP: "%s:%d", asNumber: 65002, filters: [tor-filter]}
        """.formatted(BIRD_ADDRESS, birdPort));
    BGPConfiguration config = all(rs, BGPConfiguration.class).get(0);
    List<DesiredPeer> desired = BgpPeerCalculator.compute(new BgpPeerCalculator.Inputs("node1", all(rs, Node.class),
        all(rs, BGPPeer.class), config.spec(), null));

    // our listener on 127.0.0.1: BIRD's connection from 127.0.81.2 is the peer's, ours comes from 127.0.0.1
    node = new NodeBgp(routes, "198.18.81.1", "127.0.0.1", 120, false);
    node.ensureRunning(64512, 0, null, 120);
    node.setRouteConfig(all(rs, IPPool.class), config.spec(), null);
    node.setBlocks(Set.of(ip("198.18.64.0/26"), ip("198.18.66.0/26"), ip("198.19.0.0/26")));
    node.setPeers(desired, PeerRouteFilter.of(desired, all(rs, BGPPeer.class), all(rs, BGPFilter.class)));

    bird = new BirdDaemon(RouterConfig.of((IPv4Address) ip("198.18.81.2"), 65002, ip(BIRD_ADDRESS), birdPort)
        .withNeighbor(Neighbor.of(ip("127.0.0.1"), node.listenPort(), 64512).withMultihop(true).withHoldTime(30)
            .withConnectRetry(1))
        .withNextHops(ip("198.18.81.2"), ip("fd00::81:2"))
        .withOriginate(List.of(ip("198.20.8.0/24"), ip("198.20.9.0/24"))));
    bird.start();
    Poll.until(WAIT, "BIRD's session with the node established",
        () -> bird.peer(ip("127.0.0.1")).state() == SessionState.ESTABLISHED);

    String seen = Poll.value(WAIT, "BIRD has our block and the service CIDR",
        () -> bird.birdc("show route table master4 all"),
        out -> out.contains("198.18.64.0/26") && out.contains("198.18.128.0/20"));
    String block = bird.birdc("show route 198.18.64.0/26 table master4 all");
    assertThat(block).contains("BGP.community: (64512,120)").contains("BGP.large_community: (64512, 300, 100)");
    assertThat(bird.birdc("show route 198.18.128.0/20 table master4 all")).as("outside the advertised prefix")
        .doesNotContain("community");
    assertThat(seen).as("disableBGPExport pool's block").doesNotContain("198.19.0.0/26");
    assertThat(seen).as("block rejected by the export filter").doesNotContain("198.18.66.0/26");
    assertThat(bird.receivedCount(ip("127.0.0.1"), Family.IPV4)).isEqualTo(2);

    List<String> kernelRoutes = Poll.value(WAIT, "BIRD's unfiltered route in the node's kernel table", () -> {
      routes.apply();
      return kernel.routes().stream().map(Route::toString).toList();
    }, rts -> rts.stream().anyMatch(r -> r.startsWith("198.20.8.0/24 via 198.18.81.2")));
    assertThat(kernelRoutes).noneMatch(r -> r.startsWith("198.20.9.0/24"))
        .anyMatch(r -> r.equals("blackhole 198.19.0.0/26 proto 80"))
        .anyMatch(r -> r.equals("blackhole 198.18.66.0/26 proto 80"));
  }
}
