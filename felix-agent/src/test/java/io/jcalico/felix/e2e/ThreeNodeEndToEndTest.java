package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.cni.WorkloadNames;
import io.jcalico.felix.testing.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's acceptance: three nodes, each a namespace with its own calico-node, on one underlay
 * with one etcd and the node-to-node mesh; two pods per node attached by the real CNI
 * executable. Every pod reaches every other (ping and TCP), each node routes the other nodes'
 * blocks as learned over BGP (no per-pod routes across nodes), and a deleted pod's address is
 * released and its /32 gone.
 */
class ThreeNodeEndToEndTest {
  static final IPAddress POOL = Addresses.ip("198.18.128.0/18");
  private static Testbed bed;
  private static final List<TestPod> pods = new ArrayList<>();

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startCluster() {
    bed = Testbed.create("three-node-mesh");
    bed.meshBgp(Duration.ofSeconds(10)).ipPool("pool-1", POOL.toCanonicalString(), 26);
    for (int i = 1; i <= 3; i++) bed.addNode("node-" + i);
    bed.startAll(Duration.ofSeconds(120));
    for (TestNode n : bed.nodes()) {
      pods.add(n.addPod("default", n.name() + "-a"));
      pods.add(n.addPod("team-b", n.name() + "-b"));
    }
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  @Test
  void meshSessionsAreEstablishedBetweenEveryPairOfNodes() {
    for (TestNode n : bed.nodes()) {
      List<TestNode> others = bed.nodes().stream().filter(o -> o != n).toList();
      assertThat(n.awaitSessionsWith(others, Duration.ofSeconds(60)))
          .allSatisfy(p -> assertThat(p.getConfig().getPeerType()).isEqualTo("node-to-node mesh"));
    }
  }

  /** Issue 8: {@code calicoctl node status}, run as a process, against each real daemon. */
  @Test
  void calicoctlNodeStatusShowsEachNodesMeshPeers() {
    for (TestNode n : bed.nodes()) {
      n.awaitSessionsWith(bed.nodes().stream().filter(o -> o != n).toList(), Duration.ofSeconds(60));
      Exec.Result r = Calicoctl.run("node", "status", "--socket", n.apiSocket().toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      List<String> lines = r.stdout().lines().toList();
      assertThat(lines.get(0)).isEqualTo("Calico process is running.");
      assertThat(lines).contains("IPv4 BGP status", "IPv6 BGP status");
      assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\|\\s+PEER ADDRESS\\s+\\|\\s+PEER TYPE\\s+\\|\\s+STATE\\s+\\|\\s+SINCE\\s+\\|\\s+INFO\\s+\\|"));
      for (TestNode other : bed.nodes()) {
        if (other == n) continue;
        for (IPAddress a : List.of(other.ipv4(), other.ipv6())) {
          String address = Pattern.quote(a.withoutPrefixLength().toCanonicalString());
          assertThat(lines).as(r.stdout()).anySatisfy(l -> assertThat(l)
              .matches("\\| " + address + "\\s+\\| node-to-node mesh \\| up\\s+\\| \\S+\\s+\\| Established\\s+\\|"));
        }
      }
    }
    Exec.Result missing = Calicoctl.run("node", "status", "--socket", bed.nodes().get(0).apiSocket() + ".absent");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout() + missing.stderr()).contains("Calico process is not running.");
  }

  @Test
  void everyPodReachesEveryOtherOverBgpLearnedBlocks() {
    for (TestNode n : bed.nodes()) {
      // across nodes only blocks are routed: no /32 of a remote pod in any node
      assertThat(n.routes(4)).noneMatch(r -> pods.stream().anyMatch(p -> p.node() != n && r.destination().equals(p.ip())));
    }
    List<TestPod> all = List.copyOf(pods);
    assertThat(Reachability.pairs(all)).isEqualTo(30);
    assertThat(Reachability.failures(all)).isEmpty();
  }

  @Test
  void aDeletedPodsAddressIsReleasedAndItsRouteRemoved() {
    TestNode node = bed.node("node-2");
    TestPod extra = node.addPod("default", "short-lived");
    assertThat(POOL.contains(extra.ip())).isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> node.ourRoutes().stream().anyMatch(r -> r.destination().equals(extra.ip()) && r.device().equals(extra.hostInterface())));
    TestPod peer = pods.get(0);
    assertThat(Traffic.tcpEcho(peer, extra)).isEmpty();

    assertThat(bed.deletePod(extra).ok()).isTrue();
    assertThat(bed.ipam().getAssignmentAttributes(extra.address())).as("address released").isEmpty();
    assertThat(bed.ipam().ipsByHandle(WorkloadNames.handleId(Cni.NETWORK_NAME, extra.containerId()))).isEmpty();
    Awaitility.await("/32 of the deleted pod gone").atMost(Duration.ofSeconds(20))
        .until(() -> node.routes(4).stream().noneMatch(r -> r.destination().equals(extra.ip())));
    assertThat(Exec.quiet(Testbed.IP, "-n", node.netns(), "link", "show", extra.hostInterface()).ok())
        .as("host veth removed").isFalse();
    // the block stays affine and routed while other pods use it
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(30));
  }

  @Test
  void routesDeletedByHandComeBack() {
    TestNode n = bed.node("node-1");
    TestNode other = bed.node("node-3");
    IPAddress block = bed.blocksByNode().get(other.name()).get(0);
    TestPod local = pods.stream().filter(p -> p.node() == n).findFirst().orElseThrow();
    Exec.check(Testbed.IP, "-n", n.netns(), "route", "del", block.toCanonicalString(), "proto", KernelRoute.JCALICO_PROTOCOL);
    Exec.check(Testbed.IP, "-n", n.netns(), "route", "del", local.ip().toCanonicalString(), "dev", local.hostInterface());
    // the route refresh of the test bed is 10 s
    Awaitility.await("routes restored on " + n.name()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> n.ourRoutes().stream().anyMatch(r -> r.destination().equals(block) && r.isLearnedVia(other.ipv4()))
            && n.ourRoutes().stream().anyMatch(r -> r.destination().equals(local.ip()) && r.device().equals(local.hostInterface())));
    assertThat(Reachability.failures(List.of(local, pods.stream().filter(p -> p.node() == other).findFirst().orElseThrow()))).isEmpty();
  }
}
