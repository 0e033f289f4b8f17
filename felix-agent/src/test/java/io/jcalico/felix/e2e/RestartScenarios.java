package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * Issue 6's failure scenarios, run the same way on any topology (mesh, route reflector): a
 * node's daemon SIGKILLed and restarted while traffic flows through it, and a node's daemon
 * gone for good. {@code sessionsOf} says which nodes each node has BGP sessions with.
 */
final class RestartScenarios {
  private static final Duration PING_INTERVAL = Duration.ofMillis(100);

  private RestartScenarios() {}

  /**
   * One pod on each node pings one pod on every other node (both ways, all the time), a TCP
   * connection to a pod on {@code victim} stays open, and every node's routes to the others'
   * blocks and the victim's pod routes are sampled; the victim's daemon is SIGKILLed and
   * started again. Not one echo may be lost and no route may disappear (the peers keep the
   * victim's blocks as graceful restart helpers, the restarted daemon adopts the kernel's routes
   * instead of flushing them), and every session comes back.
   */
  static void killAndRestartKeepsTrafficFlowing(Testbed bed, TestNode victim, Function<TestNode, List<TestNode>> sessionsOf) {
    List<TestNode> running = bed.nodes().stream().filter(TestNode::isRunning).toList();
    List<TestPod> onePerNode = running.stream().map(n -> podOn(bed, n)).toList();
    TestPod target = podOn(bed, victim);
    TestPod source = onePerNode.stream().filter(p -> p.node() != victim).findFirst().orElseThrow();
    Map<String, List<IPAddress>> blocks = bed.blocksByNode();

    List<RouteSampler.Expectation> mustStay = new ArrayList<>();
    bed.pods().stream().filter(p -> p.node() == victim).forEach(p -> mustStay.add(RouteSampler.Expectation.podRoute(p)));
    for (TestNode n : running) {
      for (TestNode o : running) {
        if (o == n) continue;
        for (IPAddress b : blocks.getOrDefault(o.name(), List.of())) mustStay.add(RouteSampler.Expectation.via(n, b, o));
      }
    }
    List<ContinuousPing> pings = new ArrayList<>();
    for (TestPod from : onePerNode) {
      for (TestPod to : onePerNode) {
        if (from != to) pings.add(Traffic.startPing(from, to, PING_INTERVAL));
      }
    }
    try (TcpConversation tcp = TcpConversation.open(source, target); RouteSampler sampler = new RouteSampler(mustStay)) {
      assertThat(tcp.exchange()).isEmpty();
      sleep(Duration.ofSeconds(2));

      victim.kill();
      long killedAt = System.nanoTime();
      java.time.Instant killedAtWall = java.time.Instant.now();
      // the peers see the TCP sessions close at once and keep the routes as restart helpers
      Awaitility.await("peers notice " + victim.name() + " is gone").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        for (TestNode o : sessionsOf.apply(victim)) {
          assertThat(o.bgpPeers()).filteredOn(p -> p.getConfig().getAddress().equals(victim.ipv4().withoutPrefixLength().toCanonicalString()))
              .singleElement().extracting(PeerStatus::getState).isNotEqualTo(SessionState.ESTABLISHED);
        }
      });
      assertThat(tcp.exchange()).as("TCP while the daemon is dead").isEmpty();

      victim.start().awaitReady(Duration.ofSeconds(120));
      long readyMs = (System.nanoTime() - killedAt) / 1_000_000;
      for (TestNode n : bed.nodes()) {
        if (n.isRunning()) n.awaitSessionsWith(sessionsOf.apply(n), Duration.ofSeconds(60));
      }
      bed.awaitRoutesConverged(bed.nodes().stream().filter(TestNode::isRunning).toList(), Duration.ofSeconds(60));
      sleep(Duration.ofSeconds(2));

      // every kind of evidence first, one assertion after: a failure shows all of it
      List<String> problems = new ArrayList<>();
      for (ContinuousPing p : pings) {
        ContinuousPing.Stats st = p.stop();
        if (st.lost() > 0 || st.transmitted() < 20) problems.add(p + ": " + st);
      }
      tcp.exchange().ifPresent(e -> problems.add("the TCP connection made before the kill: " + e));
      sampler.stop().forEach(g -> problems.add("route gap: " + g));
      assertThat(problems).as("%s killed at %s, ready again %d ms later; %d route samples", victim.name(),
          killedAtWall, readyMs, sampler.samples()).isEmpty();
    } finally {
      pings.forEach(ContinuousPing::close);
    }
  }

  /**
   * The daemon is SIGKILLed and not started again: its peers keep its blocks for the restart
   * time (graceful restart), then remove them; the remaining nodes keep reaching each other.
   */
  /** The restart scenarios' cluster: nodes node-1..3 started, pods -a and -b on each, routes converged. */
  static void startThreeNodesWithTwoPodsEach(Testbed bed) {
    for (int i = 1; i <= 3; i++) bed.addNode("node-" + i);
    bed.startAll(Duration.ofSeconds(120));
    for (TestNode n : bed.nodes()) {
      n.addPod("default", n.name() + "-a");
      n.addPod("default", n.name() + "-b");
    }
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
  }

  static void stoppedForGoodIsWithdrawnAfterRestartTime(Testbed bed, TestNode victim, Duration restartTime) {
    List<TestNode> survivors = bed.nodes().stream().filter(n -> n != victim && n.isRunning()).toList();
    List<IPAddress> blocks = bed.blocksByNode().getOrDefault(victim.name(), List.of());
    assertThat(blocks).as(victim.name() + " has blocks").isNotEmpty();
    bed.awaitRoutesConverged(bed.nodes().stream().filter(TestNode::isRunning).toList(), Duration.ofSeconds(60));

    victim.kill();
    long killedAt = System.nanoTime();
    sleep(Duration.ofSeconds(3));
    for (TestNode s : survivors) {
      for (IPAddress b : blocks) {
        assertThat(s.ourRoutes()).as("%s keeps %s while %s may still restart", s.name(), b, victim.name())
            .anyMatch(r -> r.destination().equals(b) && r.isLearnedVia(victim.ipv4()));
      }
    }
    Awaitility.await("blocks of " + victim.name() + " withdrawn").atMost(restartTime.plusSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> survivors.stream().allMatch(s -> s.ourRoutes().stream().noneMatch(r -> blocks.contains(r.destination()))));
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(took).as("withdrawn after %s, restart time %s", took, restartTime).isGreaterThanOrEqualTo(restartTime.minusSeconds(1));

    bed.awaitRoutesConverged(survivors, Duration.ofSeconds(30));
    List<TestPod> alive = bed.pods().stream().filter(p -> p.node() != victim).toList();
    assertThat(Reachability.failures(alive)).isEmpty();
  }

  static TestPod podOn(Testbed bed, TestNode node) {
    return bed.pods().stream().filter(p -> p.node() == node).findFirst()
        .orElseThrow(() -> new IllegalStateException("no pod on " + node.name()));
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
