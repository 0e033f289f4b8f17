package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.felix.cni.WorkloadNames;
import io.jcalico.felix.testing.Addresses;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One node daemon in its namespace and two pods attached by the real CNI executable: the pods
 * reach each other (ping and TCP) through the node's /32 routes and proxy ARP, the node
 * blackholes its block, and deleting a pod releases its address and removes its route.
 */
class OneNodeEndToEndTest {
  private static final IPAddress POOL = Addresses.ip("198.18.128.0/18");
  private static Testbed bed;

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startNode() {
    bed = Testbed.create("one-node");
    bed.meshBgp(Duration.ofSeconds(10)).ipPool("pool-1", POOL.toCanonicalString(), 26);
    bed.addNode("node-1");
    bed.startAll(Duration.ofSeconds(90));
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  @Test
  void podsOnOneNodeReachEachOtherAndADeletedPodLeavesNothing() {
    TestNode node = bed.node("node-1");
    TestPod a = node.addPod("default", "pod-a");
    TestPod b = node.addPod("default", "pod-b");
    assertThat(POOL.contains(a.ip())).as(a.toString()).isTrue();
    assertThat(POOL.contains(b.ip())).as(b.toString()).isTrue();
    assertThat(a.hostInterface()).startsWith("cali").hasSize(15);

    // each pod's /32 via its veth, and the node's block blackholed, all with our protocol
    Awaitility.await("pod routes and block blackhole").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(node.ourRoutes()).anySatisfy(r -> assertThat(r.toString()).isEqualTo(a.ip() + " dev " + a.hostInterface() + " proto 80"))
          .anySatisfy(r -> assertThat(r.toString()).isEqualTo(b.ip() + " dev " + b.hostInterface() + " proto 80"))
          .anySatisfy(r -> {
            assertThat(r.isBlackhole()).isTrue();
            assertThat(r.destination().contains(a.ip())).isTrue();
            assertThat(r.destination().getNetworkPrefixLength()).isEqualTo(26);
          });
    });

    for (TestPod[] pair : new TestPod[][] {{a, b}, {b, a}}) {
      assertThat(Traffic.ping(pair[0], pair[1]).ok()).as("ping " + pair[0] + " -> " + pair[1]).isTrue();
      assertThat(Traffic.tcpEcho(pair[0], pair[1])).as("TCP " + pair[0] + " -> " + pair[1]).isEmpty();
    }

    String endpoint = WorkloadNames.endpointName(node.name(), WorkloadNames.K8S, b.name(), "eth0");
    assertThat(bed.datastore().get(ResourceKind.WORKLOAD_ENDPOINT, "default", endpoint)).isPresent();
    assertThat(bed.ipam().getAssignmentAttributes(b.address())).isPresent();

    assertThat(bed.deletePod(b).ok()).isTrue();
    assertThat(bed.ipam().getAssignmentAttributes(b.address())).as("released " + b.address()).isEmpty();
    assertThat(bed.ipam().ipsByHandle(WorkloadNames.handleId(Cni.NETWORK_NAME, b.containerId()))).isEmpty();
    assertThat(bed.datastore().get(ResourceKind.WORKLOAD_ENDPOINT, "default", endpoint)).isEmpty();
    Awaitility.await("/32 of the deleted pod gone").atMost(Duration.ofSeconds(20))
        .until(() -> node.routes(4).stream().noneMatch(r -> r.destination().equals(b.ip())));
    assertThat(Traffic.ping(a, b).ok()).as("the deleted pod's address answers no more").isFalse();

    assertThat(bed.deletePod(a).ok()).isTrue();
  }
}
