package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import io.jcalico.felix.cni.WorkloadNames;
import io.jcalico.felix.testing.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dual stack end to end: three nodes with IPv4 and IPv6 underlay addresses and the mesh (one
 * session per family and pair, as Calico's BIRD runs its IPv6 mesh over the nodes' IPv6
 * addresses), an IPv4 and an IPv6 pool, pods attached with calico-ipam's {@code assign_ipv4} and
 * {@code assign_ipv6}. Each pod gets a /32 and a /128; its IPv6 default route is via the host
 * veth's link-local fe80::ecee:eeff:feee:eeee; the nodes blackhole their own IPv6 blocks and route
 * the others' via the owner's IPv6 address; every pod reaches every other over both families
 * (ping and TCP); CHECK looks at both addresses; DEL releases both.
 */
class DualStackEndToEndTest {
  static final IPAddress POOL_V4 = Addresses.ip("198.18.128.0/18");
  static final IPAddress POOL_V6 = Addresses.ip("fd00:198:19::/112");
  static final IPAddress V6_GATEWAY = Addresses.ip("fe80::ecee:eeff:feee:eeee");
  private static Testbed bed;
  private static final List<TestPod> pods = new ArrayList<>();

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startCluster() {
    bed = Testbed.create("dual-stack");
    bed.meshBgp(Duration.ofSeconds(10))
        .ipPool("pool-v4", POOL_V4.toCanonicalString(), 26)
        .ipPool("pool-v6", POOL_V6.toCanonicalString(), 122)
        .podAddressFamilies(true, true);
    for (int i = 1; i <= 3; i++) bed.addNode("node-" + i);
    bed.startAll(Duration.ofSeconds(120));
    pods.add(bed.node("node-1").addPod("default", "a"));
    pods.add(bed.node("node-1").addPod("default", "b"));
    pods.add(bed.node("node-2").addPod("default", "c"));
    pods.add(bed.node("node-3").addPod("team-b", "d"));
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  @Test
  void eachPodHasASlash32AndASlash128WithCalicosGateways() {
    for (TestPod p : pods) {
      assertThat(p.ips()).as(p.toString()).hasSize(2);
      IPAddress v4 = p.ip(4).orElseThrow();
      IPAddress v6 = p.ip(6).orElseThrow();
      assertThat(v4.getNetworkPrefixLength()).isEqualTo(32);
      assertThat(v6.getNetworkPrefixLength()).isEqualTo(128);
      assertThat(POOL_V4.contains(v4.withoutPrefixLength())).isTrue();
      assertThat(POOL_V6.contains(v6.withoutPrefixLength())).isTrue();

      JsonNode result = Cni.json(p.addResult());
      assertThat(result.path("routes").findValuesAsText("gw")).containsExactlyInAnyOrder("169.254.1.1", V6_GATEWAY.toCanonicalString());

      String inside = Exec.check(Testbed.IP, "-n", p.netns(), "-6", "route", "show", "default");
      assertThat(inside).contains("via " + V6_GATEWAY.toCanonicalString() + " dev eth0");
      assertThat(Exec.check(Testbed.IP, "-n", p.netns(), "-6", "addr", "show", "dev", "eth0"))
          .contains(v6.toCanonicalString());
      TestNode n = p.node();
      assertThat(Exec.check(Testbed.IP, "-n", n.netns(), "-6", "addr", "show", "dev", p.hostInterface()))
          .contains(V6_GATEWAY.toCanonicalString() + "/64");
      Awaitility.await(v6 + " routed to " + p.hostInterface()).atMost(Duration.ofSeconds(20)).until(() ->
          n.ourRoutes().stream().anyMatch(r -> r.destination().equals(v6) && r.device().equals(p.hostInterface())));
      for (String sysctl : List.of("proxy_ndp", "forwarding")) {
        assertThat(Exec.check(Testbed.IP, "netns", "exec", n.netns(), "sysctl", "-n",
            "net.ipv6.conf." + p.hostInterface() + "." + sysctl).strip()).as(sysctl).isEqualTo("1");
      }
    }
  }

  @Test
  void meshHasAnIpv6SessionBesideEachIpv4One() {
    for (TestNode n : bed.nodes()) {
      List<TestNode> others = bed.nodes().stream().filter(o -> o != n).toList();
      assertThat(n.awaitSessionsWith(others, Duration.ofSeconds(60)))
          .hasSize(2 * others.size())
          .allSatisfy(p -> assertThat(p.getConfig().getPeerType()).isEqualTo("node-to-node mesh"));
    }
  }

  @Test
  void ipv6BlocksAreBlackholedAtHomeAndRoutedViaTheOwnersIpv6Address() {
    List<IPAddress> v6Blocks = bed.blocksByNode().values().stream().flatMap(List::stream).filter(IPAddress::isIPv6).toList();
    assertThat(v6Blocks).as("one IPv6 block per node").hasSize(3)
        .allSatisfy(b -> assertThat(b.getNetworkPrefixLength()).isEqualTo(122));
    assertThat(bed.routeProblems(bed.nodes())).isEmpty();
    for (TestNode n : bed.nodes()) {
      // across nodes only blocks are routed: no /128 of a remote pod
      assertThat(n.routes(6)).noneMatch(r -> pods.stream().anyMatch(p -> p.node() != n && r.destination().equals(p.ip(6).orElseThrow())));
    }
  }

  @Test
  void everyPodReachesEveryOtherOverIpv4AndIpv6() {
    assertThat(Reachability.pairs(pods)).isEqualTo(12);
    assertThat(Reachability.failures(pods)).isEmpty();
  }

  @Test
  void checkVerifiesBothAddressesAndDeleteReleasesBoth() {
    TestNode node = bed.node("node-2");
    TestPod pod = node.addPod("default", "short-lived");
    String handle = WorkloadNames.handleId(Cni.NETWORK_NAME, pod.containerId());
    assertThat(bed.ipam().ipsByHandle(handle)).containsExactlyInAnyOrderElementsOf(pod.addresses());
    assertThat(Traffic.tcpEcho(pods.get(0), pod, pod.ip(6).orElseThrow())).isEmpty();

    assertThat(check(pod).ok()).as("CHECK of an intact pod").isTrue();
    IPAddress v6 = pod.ip(6).orElseThrow();
    Exec.check(Testbed.IP, "-n", pod.netns(), "-6", "addr", "del", v6.toCanonicalString(), "dev", "eth0");
    Exec.Result broken = check(pod);
    assertThat(broken.ok()).isFalse();
    assertThat(Cni.json(broken.stdout()).path("details").asText()).contains(v6.withoutPrefixLength().toCanonicalString());

    assertThat(bed.deletePod(pod).ok()).isTrue();
    assertThat(bed.ipam().ipsByHandle(handle)).isEmpty();
    for (IPAddress a : pod.addresses()) {
      assertThat(bed.ipam().getAssignmentAttributes(a)).as(a + " released").isEmpty();
    }
    Awaitility.await("/32 and /128 of the deleted pod gone").atMost(Duration.ofSeconds(20))
        .until(() -> node.ourRoutes().stream().noneMatch(r -> pod.ips().contains(r.destination())));
  }

  private static Exec.Result check(TestPod pod) {
    return Cni.invoke(pod.node(), "calico",
        Cni.env("CHECK", pod.containerId(), pod.netnsPath(), "eth0", pod.k8sNamespace(), pod.name()),
        Cni.withPrevResult(bed.cniConf(), pod.addResult()).toString());
  }
}
