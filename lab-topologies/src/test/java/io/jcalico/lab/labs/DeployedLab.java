package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.calicoctl.client.NodeClient;
import io.jcalico.felix.shim.CommandRunner.Output;
import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.runner.LabRunner;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.runner.Pods;
import io.jcalico.lab.topology.Topology;
import io.jcalico.lab.topology.TopologyReader;
import io.jcalico.proto.bgp.PeerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A lab of {@code labs/<name>/} deployed through the runner for a test: leftovers of an earlier
 * run that died are destroyed first, and {@link #close()} destroys the lab and checks that none
 * of its namespaces is left.
 */
final class DeployedLab implements AutoCloseable {
  final Topology topology;
  final LabRunner runner;
  final long deploySeconds;

  private DeployedLab(Topology topology, LabRunner runner, long deploySeconds) {
    this.topology = topology;
    this.runner = runner;
    this.deploySeconds = deploySeconds;
  }

  static Topology topology(String name) {
    return TopologyReader.read(Path.of("labs", name, name + ".clab.yml"));
  }

  static DeployedLab deploy(String name) {
    return deploy(topology(name));
  }

  /** A topology of the test's own (e.g. written to a temporary directory). */
  static DeployedLab deploy(Topology t) {
    LabRunner runner = new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out);
    runner.destroy(t); // a run that was killed may have left the lab behind
    long start = System.nanoTime();
    runner.deploy(t);
    return new DeployedLab(t, runner, Duration.ofNanos(System.nanoTime() - start).toSeconds());
  }

  /** Deployed, with one pod {@code pod-<node>} on each of {@code nodes}. */
  static DeployedLab deployWithPods(String name, List<String> nodes) {
    DeployedLab lab = deploy(name);
    nodes.forEach(n -> lab.pods().add(n, "pod-" + n));
    return lab;
  }

  /** For an {@code @AfterAll}: a deploy that failed left {@code lab} null (and destroyed what it made). */
  static void destroy(DeployedLab lab) {
    if (lab != null) {
      lab.close();
    }
  }

  Pods pods() {
    return runner.pods(topology);
  }

  Output exec(String node, String... argv) {
    return runner.exec(topology, node, List.of(argv));
  }

  /** The node daemon's BGP sessions, asked over its API socket as {@code calicoctl node status} asks. */
  List<PeerStatus> bgpPeers(String node) throws NodeClient.NotRunning {
    Path socket = runner.nodeDir(topology.name(), node).resolve("run").resolve("node.sock");
    return NodeClient.fetch(socket, Duration.ofSeconds(5)).peers();
  }

  /** Every ordered pair of pods, one ping per address family both have; what failed, empty when all answered. */
  List<String> unreachablePairs() {
    return unreachablePairs(a -> true);
  }

  /** The same, for the destination addresses {@code which} accepts (e.g. IPv4 only). */
  List<String> unreachablePairs(Predicate<IPAddress> which) {
    List<PodRecord> pods = pods().list();
    List<String> failed = new ArrayList<>();
    for (PodRecord from : pods) {
      for (PodRecord to : pods) {
        if (from == to) {
          continue;
        }
        for (IPAddress dst : Pods.addresses(to)) {
          boolean sameFamily = Pods.addresses(from).stream().anyMatch(a -> a.isIPv4() == dst.isIPv4());
          if (sameFamily && which.test(dst) && !Pods.ping(from, dst).ok()) {
            failed.add(from.node() + "/" + from.name() + " -> " + to.node() + "/" + to.name() + " " + dst);
          }
        }
      }
    }
    return failed;
  }

  /** Waits until every pod reaches every other (routes take a few seconds to spread after a pod's block is claimed). */
  void awaitAllPodsReachEachOther(Duration timeout) {
    awaitAllPodsReachEachOther(timeout, a -> true);
  }

  void awaitAllPodsReachEachOther(Duration timeout, Predicate<IPAddress> which) {
    Awaitility.await("every pod reaches every other").atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(unreachablePairs(which)).isEmpty());
  }

  @Override
  public void close() {
    runner.destroy(topology);
    List<String> left = Namespaces.list().stream()
        .filter(ns -> ns.equals(topology.mgmtNamespace()) || ns.startsWith(topology.mgmtNamespace() + "-")).toList();
    assertThat(left).as("namespaces left by destroy").isEmpty();
  }
}
