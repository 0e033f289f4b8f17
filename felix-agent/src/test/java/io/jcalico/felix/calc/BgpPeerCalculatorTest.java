package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.Resource;
import io.jcalico.felix.calc.DesiredPeer.PeerType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Peers computed from the datastore as Calico computes them: mesh, global, per node, selectors, RR. */
class BgpPeerCalculatorTest {
  private static final ResourceCodec CODEC = ResourceCodec.get();

  private static List<Resource> parse(String yaml) {
    return CODEC.parseAll(yaml);
  }

  private static List<DesiredPeer> peersOf(String node, String yaml) {
    List<Resource> rs = parse(yaml);
    List<Node> nodes = rs.stream().filter(Node.class::isInstance).map(Node.class::cast).toList();
    List<BGPPeer> peers = rs.stream().filter(BGPPeer.class::isInstance).map(BGPPeer.class::cast).toList();
    var global = rs.stream().filter(BGPConfiguration.class::isInstance).map(BGPConfiguration.class::cast)
        .filter(c -> c.name().equals("default")).map(BGPConfiguration::spec).findFirst().orElse(null);
    var perNode = rs.stream().filter(BGPConfiguration.class::isInstance).map(BGPConfiguration.class::cast)
        .filter(c -> c.name().equals("node." + node)).map(BGPConfiguration::spec).findFirst().orElse(null);
    return BgpPeerCalculator.compute(new BgpPeerCalculator.Inputs(node, nodes, peers, global, perNode));
  }

  private static String node(String name, String v4, String labels, String extraBgp) {
    return """
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: %s, labels: {%s}}
        spec: {bgp: {ipv4Address: %s%s}}
        """.formatted(name, labels, v4, extraBgp);
  }

  private static final String THREE_NODES = node("node1", "198.18.0.1/24", "rack: a", "")
      + node("node2", "198.18.0.2/24", "rack: a", "")
      + node("node3", "198.18.0.3/24", "rack: b", ", asNumber: 64600");

  private static String render(DesiredPeer p) {
    return p.address().toCanonicalString() + ":" + p.port() + " AS" + p.asNumber() + " " + p.type().display()
        + (p.passive() ? " passive" : "") + (p.routeReflectorClient() ? " rr-client" : "");
  }

  @Test
  void meshPeersWithEveryOtherNodeAndTheLowerAddressConnects() {
    assertThat(peersOf("node2", THREE_NODES)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.0.1:179 AS64512 node-to-node mesh passive",
        "198.18.0.3:179 AS64600 node-to-node mesh");
    assertThat(peersOf("node1", THREE_NODES)).extracting(DesiredPeer::passive).containsOnly(false);
  }

  @Test
  void listenPortAndAsFromBgpConfiguration() {
    String yaml = THREE_NODES + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec: {asNumber: 65000, listenPort: 1790, nodeMeshMaxRestartTime: 30s}
        """;
    assertThat(peersOf("node1", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.0.2:1790 AS65000 node-to-node mesh", "198.18.0.3:1790 AS64600 node-to-node mesh");
    assertThat(peersOf("node1", yaml)).extracting(DesiredPeer::maxRestartTime).containsOnly(Duration.ofSeconds(30));
  }

  @Test
  void meshOffWithGlobalRackAndNodeSpecificPeers() {
    String yaml = THREE_NODES + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec: {nodeToNodeMeshEnabled: false}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: everyone}
        spec: {peerIP: 198.18.9.9, asNumber: 65009}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: rack-a-tor}
        spec: {peerIP: "198.18.9.1:1179", asNumber: 65001, nodeSelector: "rack == 'a'"}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: node3-special}
        spec: {peerIP: 198.18.9.9, asNumber: 65010, node: node3}
        """;
    assertThat(peersOf("node1", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.9.1:1179 AS65001 node specific", "198.18.9.9:179 AS65009 global");
    // node3: the node-specific peer wins the address of the global one
    assertThat(peersOf("node3", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.9.9:179 AS65010 node specific");
  }

  @Test
  void routeReflectorsTreatNonMembersAsClients() {
    String yaml = node("rr1", "198.18.0.10/24", "rr: 'true'", ", routeReflectorClusterID: 224.0.0.1")
        + node("rr2", "198.18.0.11/24", "rr: 'true'", ", routeReflectorClusterID: 224.0.0.1")
        + node("node1", "198.18.0.1/24", "", "")
        + node("node2", "198.18.0.2/24", "", "")
        + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec: {nodeToNodeMeshEnabled: false}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: peer-with-rrs}
        spec: {nodeSelector: all(), peerSelector: has(rr)}
        """;
    assertThat(peersOf("node1", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.0.10:179 AS64512 node specific", "198.18.0.11:179 AS64512 node specific");
    // a nodeSelector (even all()) makes the peering node specific, as Calico shows it
    assertThat(peersOf("rr1", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "198.18.0.1:179 AS64512 node specific passive rr-client",
        "198.18.0.2:179 AS64512 node specific passive rr-client",
        "198.18.0.11:179 AS64512 node specific");
  }

  @Test
  void ipv6MeshAndNodesWithoutBgpAreIgnored() {
    String yaml = """
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: a}
        spec: {bgp: {ipv4Address: 198.18.0.1/24, ipv6Address: "fd00::1/64"}}
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: b}
        spec: {bgp: {ipv6Address: "fd00::2/64"}}
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: c}
        spec: {}
        """;
    assertThat(peersOf("a", yaml)).extracting(BgpPeerCalculatorTest::render).containsExactly(
        "fd00::2:179 AS64512 node-to-node mesh");
    assertThat(peersOf("c", yaml)).isEmpty();
  }

  @Test
  void sessionFieldsOfABgpPeerAndTheMeshPasswordReachTheDesiredPeers() {
    String yaml = THREE_NODES + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          nodeMeshPassword: {secretKeyRef: {name: bgp-secrets, key: mesh}}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor}
        spec:
          node: node1
          peerIP: 198.18.0.254
          asNumber: 65000
          localASNumber: 65010
          password: {secretKeyRef: {name: bgp-secrets, key: tor}}
          ttlSecurity: 1
          keepaliveTime: 10s
          numAllowedLocalASNumbers: 2
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor-free-source}
        spec: {node: node1, peerIP: 198.18.0.253, asNumber: 65000, sourceAddress: None}
        """;
    List<DesiredPeer> peers = peersOf("node1", yaml);
    DesiredPeer tor = peers.stream().filter(p -> p.source().equals("tor")).findFirst().orElseThrow();
    DesiredPeer.SessionOptions o = tor.session();
    assertThat(o.password().name()).isEqualTo("bgp-secrets");
    assertThat(o.password().key()).isEqualTo("tor");
    assertThat(o.ttlSecurity()).isEqualTo(1);
    assertThat(o.localAsNumber()).isEqualTo(65010L);
    assertThat(o.keepaliveTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.allowLocalAs()).isEqualTo(2);
    // sourceAddress defaults to UseNodeIP: the session is bound to the node's address
    assertThat(o.sourceAddress().toCanonicalString()).isEqualTo("198.18.0.1");
    assertThat(peers.stream().filter(p -> p.source().equals("tor-free-source")).findFirst().orElseThrow()
        .session().sourceAddress()).isNull();
    DesiredPeer mesh = peers.stream().filter(p -> p.type() == PeerType.MESH).findFirst().orElseThrow();
    assertThat(mesh.session().password().key()).isEqualTo("mesh");
    assertThat(mesh.session().sourceAddress().toCanonicalString()).isEqualTo("198.18.0.1");
    assertThat(mesh.session().localAsNumber()).isNull();
  }

  @Test
  void nextHopModeWinsAndKeepOriginalNextHopMeansKeep() {
    String yaml = THREE_NODES + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor-self}
        spec: {node: node1, peerIP: 198.18.0.251, asNumber: 65000, nextHopMode: Self}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor-keep}
        spec: {node: node1, peerIP: 198.18.0.252, asNumber: 65000, nextHopMode: Keep}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor-keep-deprecated}
        spec: {node: node1, peerIP: 198.18.0.253, asNumber: 65000, keepOriginalNextHop: true}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor-auto}
        spec: {node: node1, peerIP: 198.18.0.254, asNumber: 65000}
        """;
    assertThat(peersOf("node1", yaml)).extracting(p -> p.source() + " " + p.nextHop()).containsExactly(
        "node2 AUTO", "node3 AUTO", "tor-self SELF", "tor-keep KEEP", "tor-keep-deprecated KEEP", "tor-auto AUTO");
  }
}
