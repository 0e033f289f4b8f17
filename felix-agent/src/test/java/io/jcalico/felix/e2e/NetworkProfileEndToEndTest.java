package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.felix.testing.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers attached outside Kubernetes, with policy enforced by two running {@code calico-node}s:
 * ADD makes each network's profile, so a container reaches the others of its network (on its node
 * and across nodes) as soon as its ADD has answered, and a container of another network reaches
 * none of them, nor they it.
 *
 * <pre>
 *   node-1: blue/a, blue/b        node-2: blue/c, green/d
 *   no Profile resources beforehand: without them every container would be dropped
 * </pre>
 */
class NetworkProfileEndToEndTest {
  private static final IPAddress POOL = Addresses.ip("198.18.128.0/18");
  private static final Duration DROP_PROBE = Duration.ofMillis(800);
  private static Testbed bed;

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startCluster() {
    bed = Testbed.create("network-profile");
    bed.meshBgp(Duration.ofSeconds(10)).ipPool("pool-1", POOL.toCanonicalString(), 26);
    bed.addNode("node-1");
    bed.addNode("node-2");
    bed.startAll(Duration.ofSeconds(120));
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  @Test
  void containersReachTheirOwnNetworkOnlyThroughTheProfileAddMade() {
    TestNode node1 = bed.node("node-1");
    TestNode node2 = bed.node("node-2");
    assertThat(bed.datastore().list(ResourceKind.PROFILE, null).items()).isEmpty();

    TestPod a = node1.addContainer("blue", "a");
    TestPod b = node1.addContainer("blue", "b");
    long answered = System.nanoTime();
    Duration took = awaitTcpBothWays(a, b, answered);
    System.out.printf("[network-profile] blue/b reachable from blue/a and back %d ms after its ADD answered%n",
        took.toMillis());
    assertThat(took).as("the second container of a new network reachable after its ADD")
        .isLessThanOrEqualTo(PolicyEndToEndTest.TAKES_EFFECT_WITHIN);

    TestPod c = node2.addContainer("blue", "c");
    TestPod d = node2.addContainer("green", "d");
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
    Awaitility.await("blue reachable across nodes").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(Reachability.failures(List.of(a, b, c))).isEmpty());

    List<String> leaks = new ArrayList<>();
    for (TestPod blue : List.of(a, b, c)) {
      for (TestPod[] pair : new TestPod[][] {{d, blue}, {blue, d}}) {
        if (Traffic.tcpEcho(pair[0], pair[1], DROP_PROBE).isEmpty()) leaks.add("TCP " + pair[0] + " -> " + pair[1]);
        if (Traffic.pingOnce(pair[0], pair[1], DROP_PROBE)) leaks.add("ping " + pair[0] + " -> " + pair[1]);
      }
    }
    assertThat(leaks).as("traffic between networks").isEmpty();

    Profile blue = (Profile) bed.datastore().get(ResourceKind.PROFILE, null, "blue").orElseThrow();
    assertThat(blue.spec().labelsToApply()).isEqualTo(Map.of("blue", ""));
    assertThat(bed.datastore().get(ResourceKind.PROFILE, null, "green")).isPresent();
    Exec.Result get = Calicoctl.run(Map.of("ETCD_ENDPOINTS", bed.etcdEndpoint()), "get", "profiles", "-o", "wide");
    assertThat(get.ok()).as(get.toString()).isTrue();
    assertThat(get.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()).as(get.stdout())
        .containsExactly("NAME    LABELS", "blue    blue=", "green   green=");

    for (TestPod p : List.of(a, b, c, d)) {
      assertThat(bed.deletePod(p).ok()).as("DEL " + p).isTrue();
    }
    assertThat(bed.datastore().list(ResourceKind.WORKLOAD_ENDPOINT, null).items()).isEmpty();
    assertThat(bed.datastore().get(ResourceKind.PROFILE, null, "blue")).as("DEL leaves the network's profile").isPresent();
  }

  /**
   * Waits until a TCP exchange works both ways between {@code x} and {@code y} (short timeouts, so
   * the figure is fine-grained); the time from {@code since} to the start of the round that saw it.
   */
  private static Duration awaitTcpBothWays(TestPod x, TestPod y, long since) {
    Duration probe = Duration.ofMillis(200);
    long[] round = new long[1];
    Awaitility.await(x + " <-> " + y).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          round[0] = System.nanoTime();
          assertThat(Traffic.tcpEcho(x, y, probe)).as(x + " -> " + y).isEmpty();
          assertThat(Traffic.tcpEcho(y, x, probe)).as(y + " -> " + x).isEmpty();
        });
    return Duration.ofNanos(round[0] - since);
  }
}
