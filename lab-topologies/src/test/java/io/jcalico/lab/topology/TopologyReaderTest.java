package io.jcalico.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyReaderTest {
  @TempDir
  Path dir;
  Path file;

  @BeforeEach
  void configFiles() throws IOException {
    file = dir.resolve("lab.clab.yml");
    Files.writeString(dir.resolve("frr.conf"), "frr defaults traditional\n");
    Files.writeString(dir.resolve("bird.conf"), "router id 198.18.1.1;\n");
    Files.writeString(dir.resolve("daemons"), "bgpd=yes\n");
  }

  private Topology read(String yaml) {
    return TopologyReader.parse(file, yaml);
  }

  @Test
  void readsNodesLinksAndMergesDefaultsKindsAndGroups() {
    Topology t = read("""
        name: demo
        topology:
          defaults:
            env: {A: "1", B: "2"}
          kinds:
            linux:
              image: frrouting/frr:v8.4.1
              binds: [daemons:/etc/frr/daemons]
          groups:
            tors:
              labels: {role: tor}
          nodes:
            r1:
              kind: linux
              group: tors
              binds: [frr.conf:/etc/frr/frr.conf]
              env: {B: "3"}
              exec: ["ip addr add 198.18.1.1/24 dev eth1"]
            h1:
              kind: linux
              image: alpine:3
              mgmt-ipv4: 198.18.0.9
            rr:
              kind: calico-node
              labels: {rack: "1"}
          links:
            - endpoints: ["r1:eth1", "h1:eth1"]
            - endpoints: [{node: r1, interface: eth2}, {node: rr, interface: eth1}]
              mtu: 9000
        """);
    assertThat(t.name()).isEqualTo("demo");
    assertThat(t.nodes().keySet()).containsExactly("r1", "h1", "rr");
    Node r1 = t.node("r1");
    assertThat(r1.kindName()).isEqualTo("linux");
    assertThat(r1.kind()).isEqualTo(NodeKind.FRR); // the image decides
    assertThat(r1.env()).isEqualTo(Map.of("A", "1", "B", "3"));
    assertThat(r1.labels()).isEqualTo(Map.of("role", "tor"));
    assertThat(r1.exec()).containsExactly("ip addr add 198.18.1.1/24 dev eth1");
    assertThat(r1.binds()).extracting(Bind::containerPath).containsExactly("/etc/frr/daemons", "/etc/frr/frr.conf");
    assertThat(r1.bindNamed("frr.conf").orElseThrow().hostPath()).isEqualTo(dir.resolve("frr.conf"));
    assertThat(t.node("h1").kind()).isEqualTo(NodeKind.LINUX);
    assertThat(t.node("rr").kind()).isEqualTo(NodeKind.CALICO_NODE);
    assertThat(t.links()).containsExactly(
        new Link(new Endpoint("r1", "eth1"), new Endpoint("h1", "eth1"), OptionalInt.empty()),
        new Link(new Endpoint("r1", "eth2"), new Endpoint("rr", "eth1"), OptionalInt.of(9000)));
    assertThat(t.namespaceOf("r1")).isEqualTo("clab-demo-r1");
    assertThat(t.mgmtNamespace()).isEqualTo("clab-demo");
    assertThat(t.warnings()).isEmpty();
    assertThat(t.needsEtcd()).isTrue();
  }

  @Test
  void managementAddressesAreTheRequestedOnesElseTheNextFreeInFileOrder() {
    Topology t = read("""
        name: m
        topology:
          nodes:
            a: {kind: linux}
            b: {kind: linux, mgmt-ipv4: 198.18.0.2}
            c: {kind: linux}
            sw: {kind: bridge}
        """);
    assertThat(t.mgmt().ipv4Gateway()).isEqualTo(new IPAddressString("198.18.0.1/24").getAddress());
    assertThat(t.node("a").mgmtIpv4()).contains(new IPAddressString("198.18.0.3/24").getAddress());
    assertThat(t.node("b").mgmtIpv4()).contains(new IPAddressString("198.18.0.2/24").getAddress());
    assertThat(t.node("c").mgmtIpv4()).contains(new IPAddressString("198.18.0.4/24").getAddress());
    assertThat(t.node("a").mgmtIpv6()).contains(new IPAddressString("fd00:198:18::2/64").getAddress());
    assertThat(t.node("sw").mgmtIpv4()).isEmpty();
  }

  @Test
  void honoursTheMgmtSubnetAndPrefix() {
    Topology t = read("""
        name: m
        prefix: ""
        mgmt: {network: custom, ipv4-subnet: 198.19.5.0/24, ipv4-gw: 198.19.5.254}
        topology:
          nodes:
            a: {kind: linux}
        """);
    assertThat(t.node("a").mgmtIpv4()).contains(new IPAddressString("198.19.5.1/24").getAddress());
    assertThat(t.mgmt().ipv4Gateway()).isEqualTo(new IPAddressString("198.19.5.254/24").getAddress());
    assertThat(t.namespaceOf("a")).isEqualTo("a");
    assertThat(t.warnings()).containsExactly("mgmt: network has no meaning on network namespaces; ignored");
  }

  @Test
  void dockerOnlyKeysAreAcceptedAndReportedOneLineEach() {
    Topology t = read("""
        name: d
        topology:
          kinds:
            linux: {cpu: 2}
          nodes:
            a:
              kind: linux
              ports: ["8080:80"]
              memory: 1GB
              network-mode: host
              startup-config: frr.conf
        """);
    assertThat(t.node("a").kind()).isEqualTo(NodeKind.LINUX);
    assertThat(t.warnings()).containsExactlyInAnyOrder(
        "node a: ports needs Docker; ignored on a network namespace",
        "node a: memory needs Docker; ignored on a network namespace",
        "node a: network-mode needs Docker; ignored on a network namespace",
        "node a: cpu needs Docker; ignored on a network namespace",
        "node a: startup-config is only read by bird, frr and gobgp nodes; ignored");
  }

  @Test
  void routerImagesAndShorthandKinds() {
    assertThat(NodeKind.forLinuxImage("frrouting/frr:v8.4.1")).isEqualTo(NodeKind.FRR);
    assertThat(NodeKind.forLinuxImage("quay.io/frrouting/frr:9.1.0")).isEqualTo(NodeKind.FRR);
    assertThat(NodeKind.forLinuxImage("ghcr.io/srl-labs/bird:2.0.12")).isEqualTo(NodeKind.BIRD);
    assertThat(NodeKind.forLinuxImage("pierky/bird:2.0.8")).isEqualTo(NodeKind.BIRD);
    assertThat(NodeKind.forLinuxImage("jauderho/gobgp:v3.10.0")).isEqualTo(NodeKind.GOBGP);
    assertThat(NodeKind.forLinuxImage("alpine:latest")).isEqualTo(NodeKind.LINUX);
    assertThat(NodeKind.forLinuxImage("localhost:5000/alpine")).isEqualTo(NodeKind.LINUX);
    Topology t = read("""
        name: s
        topology:
          nodes:
            b: {kind: bird, startup-config: bird.conf}
        """);
    assertThat(t.node("b").kind()).isEqualTo(NodeKind.BIRD);
    assertThat(t.node("b").startupConfig()).contains(dir.resolve("bird.conf"));
    assertThat(t.node("b").image()).isEqualTo(Optional.empty());
  }

  @Test
  void calicoResourcesResolveAgainstTheTopologyDirectory() throws IOException {
    Files.writeString(dir.resolve("pools.yaml"), "kind: IPPool\n");
    Topology t = read("""
        name: c
        calico: {resources: [pools.yaml]}
        topology:
          nodes:
            n1: {kind: calico-node}
        """);
    assertThat(t.calicoResources()).containsExactly(dir.resolve("pools.yaml"));
  }

  @Test
  void errorsNameTheFileTheNodeAndTheField() {
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: ceos}\n",
        "lab.clab.yml: node a: kind \"ceos\" is not supported here (known: linux, bridge, bird, frr, gobgp, calico-node)");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux, imgae: alpine}\n",
        "node a: unknown key \"imgae\"");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux\n", "not valid YAML at line");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n  links:\n    - endpoints: [\"a:eth1\", \"b:eth1\"]\n",
        "link 1: endpoint b:eth1 names no node of the lab");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n"
        + "    - endpoints: [\"a:eth1\", \"b:eth1\"]\n    - endpoints: [\"a:eth1\", \"b:eth2\"]\n",
        "link a:eth1 <-> b:eth2: interface a:eth1 is already used by link a:eth1 <-> b:eth1");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n"
        + "    - endpoints: [\"a:eth0\", \"b:eth1\"]\n", "a:eth0 is the management interface");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n"
        + "    - endpoints: [\"a:averyveryverylongname\", \"b:eth1\"]\n", "is not a Linux interface name");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux, mgmt-ipv4: 198.18.7.1}\n",
        "node a: mgmt-ipv4: 198.18.7.1 is outside the management subnet 198.18.0.0/24");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux, binds: [\"nope.conf:/etc/nope.conf\"]}\n",
        "node a: bind \"nope.conf:/etc/nope.conf\"");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux, exec: {a: b}}\n", "node a: exec must be a list of strings");
    assertError("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n  links:\n    - type: macvlan\n      endpoints: [\"a:eth1\", \"host:eth9\"]\n",
        "link 1: type macvlan is not supported here");
    assertError("topology:\n  nodes:\n    a: {kind: linux}\n", "the top level: missing name");
    assertError("name: x\ntopology:\n  nodes:\n    a: {}\n", "node a: no kind");
  }

  private void assertError(String yaml, String message) {
    assertThatThrownBy(() -> read(yaml)).isInstanceOf(TopologyException.class).hasMessageContaining(message);
  }

  @Test
  void readsEveryLabShippedWithTheModuleWithoutWarnings() throws IOException {
    List<Path> labs;
    try (var dirs = Files.list(Path.of("labs"))) {
      labs = dirs.map(d -> d.resolve(d.getFileName() + ".clab.yml")).filter(Files::exists).sorted().toList();
    }
    assertThat(labs).extracting(p -> p.getFileName().toString()).contains("mesh3.clab.yml", "two-racks.clab.yml",
        "route-reflectors.clab.yml", "dual-stack.clab.yml", "linux-pair.clab.yml");
    for (Path f : labs) {
      Topology t = TopologyReader.read(f);
      assertThat(t.name()).isEqualTo(f.getParent().getFileName().toString());
      // linux-pair keeps a Docker port mapping on purpose, to show it is reported and skipped
      assertThat(t.warnings()).as(f.toString()).allMatch(w -> w.contains("ports needs Docker"));
    }
    Topology racks = TopologyReader.read(Path.of("labs", "two-racks", "two-racks.clab.yml"));
    assertThat(racks.node("tor1").kind()).isEqualTo(NodeKind.BIRD);
    assertThat(racks.node("tor2").kind()).isEqualTo(NodeKind.FRR);
    assertThat(racks.node("spine").kind()).isEqualTo(NodeKind.GOBGP);
    assertThat(racks.node("rack1-node1").labels()).containsEntry("rack", "1");
  }
}
