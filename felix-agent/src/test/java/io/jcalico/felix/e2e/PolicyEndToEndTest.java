package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Resource;
import io.jcalico.felix.testing.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7's acceptance on the running daemon: two nodes, each a {@code calico-node} process
 * enforcing policy with one backend (a subclass per backend), pods attached by the real CNI
 * executable, policies written to etcd. Cross-node TCP and ping follow each policy within
 * {@link #TAKES_EFFECT_WITHIN} of the write, and again of its deletion.
 *
 * <pre>
 *   node-1: prod/web (app=web)
 *   node-2: prod/client (app=client), dev/client (app=client)
 *   namespaces: no Profile resources, so the implicit kns.prod / kns.dev (allow all)
 * </pre>
 *
 * Pod labels are written to the WorkloadEndpoints by the test, as Calico's controllers would copy
 * them from the pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyEndToEndTest {
  private static final IPAddress POOL = Addresses.ip("198.18.128.0/18");
  static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(2);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(400);
  /** nft prints a rule's counter values, which traffic changes. */
  private static final Pattern COUNTER = Pattern.compile("counter packets \\d+ bytes \\d+");

  enum Probe { TCP, PING }

  /** A conversation and whether it must get through. */
  record Expect(Probe probe, TestPod from, TestPod to, boolean through) {
    @Override
    public String toString() {
      return probe + " " + from.k8sNamespace() + "/" + from.name() + " -> " + to.k8sNamespace() + "/" + to.name()
          + (through ? " gets through" : " is dropped");
    }
  }

  private Testbed bed;
  private TestPod web;
  private TestPod prodClient;
  private TestPod devClient;
  private final List<Resource> written = new ArrayList<>();
  private final ExecutorService probes = Executors.newFixedThreadPool(8);

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  /** {@code --policy-backend} of both nodes. */
  abstract String backend();

  @BeforeAll
  void startCluster() {
    bed = Testbed.create("policy-" + backend());
    bed.meshBgp(Duration.ofSeconds(10)).ipPool("pool-1", POOL.toCanonicalString(), 26);
    for (int i = 1; i <= 2; i++) {
      bed.addNode("node-" + i).withArgs("--policy-backend", backend());
    }
    bed.startAll(Duration.ofSeconds(120));
    web = bed.node("node-1").addPod("prod", "web");
    prodClient = bed.node("node-2").addPod("prod", "client");
    devClient = bed.node("node-2").addPod("dev", "client");
    bed.labelPod(web, Map.of("app", "web"));
    bed.labelPod(prodClient, Map.of("app", "client"));
    bed.labelPod(devClient, Map.of("app", "client"));
    bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
    awaitTraffic("no policy", open(), Duration.ofSeconds(30));
  }

  @AfterAll
  void tearDown() {
    probes.shutdownNow();
    if (bed != null) bed.close();
  }

  /** Each case deletes what it wrote; everything is open again as soon after. */
  @AfterEach
  void deletePolicies() {
    if (written.isEmpty()) return;
    written.forEach(r -> bed.datastore().delete(r.kind(), r.namespace(), r.name(), null));
    written.clear();
    assertTakesEffect("policies deleted", open(), System.nanoTime());
  }

  // ------------------------------------------------------------------ cases

  @Test
  void calicoNetworkPolicyLetsOnlyItsNamespacesClientsIn() {
    enforce("Calico NetworkPolicy", """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: web-in, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow, protocol: TCP, source: {selector: app == 'client'}, destination: {ports: [%d]}}]
        """.formatted(PodEchoServer.PORT),
        ok(Probe.TCP, prodClient, web), no(Probe.TCP, devClient, web), no(Probe.PING, prodClient, web),
        ok(Probe.TCP, web, prodClient), ok(Probe.PING, web, devClient));
  }

  @Test
  void globalNetworkPolicyDropsPingOnEveryNode() {
    enforce("GlobalNetworkPolicy", """
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: no-ping}
        spec:
          order: 10
          selector: all()
          types: [Ingress]
          ingress: [{action: Deny, protocol: ICMP}, {action: Allow}]
        """,
        no(Probe.PING, prodClient, web), no(Probe.PING, web, devClient), ok(Probe.TCP, prodClient, web),
        ok(Probe.TCP, web, devClient));
  }

  @Test
  void kubernetesNetworkPolicyAdmitsOnlyTheOtherNamespace() {
    enforce("Kubernetes NetworkPolicy", """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-from-dev, namespace: prod}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{namespaceSelector: {matchLabels: {projectcalico.org/name: dev}}}]
        """,
        ok(Probe.TCP, devClient, web), ok(Probe.PING, devClient, web), no(Probe.TCP, prodClient, web),
        no(Probe.PING, prodClient, web), ok(Probe.TCP, web, prodClient));
  }

  @Test
  void egressPolicyDropsAtTheSourceNode() {
    enforce("egress NetworkPolicy", """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: client-out, namespace: dev}
        spec:
          selector: app == 'client'
          types: [Egress]
          egress: [{action: Deny, destination: {nets: [%s]}}, {action: Allow}]
        """.formatted(web.ip().toCanonicalString()),
        no(Probe.TCP, devClient, web), no(Probe.PING, devClient, web), ok(Probe.TCP, prodClient, web),
        ok(Probe.TCP, web, devClient));
  }

  /**
   * SIGTERM leaves the rules (as Felix); a policy deleted meanwhile stays enforced until the next
   * start, which waits for the datastore and then converges on exactly the rules of the new state.
   * Checked with a second pod on the stopped node (a stopped node's BGP sessions may take its
   * routes away from the others).
   */
  @Test
  void aStoppedDaemonLeavesItsRulesAndItsNextStartAdoptsThem() {
    TestNode node1 = bed.node("node-1");
    TestPod neighbour = node1.addPod("dev", "neighbour");
    try {
      bed.labelPod(neighbour, Map.of("app", "client"));
      List<Expect> unpoliced = new ArrayList<>(open());
      unpoliced.add(ok(Probe.TCP, neighbour, web));
      awaitTraffic("a pod added", unpoliced, Duration.ofSeconds(10));
      List<String> rulesOpen = ruleLines(node1);

      List<Expect> local = List.of(no(Probe.TCP, neighbour, web), ok(Probe.TCP, web, neighbour));
      List<Expect> policed = new ArrayList<>(local);
      policed.addAll(List.of(ok(Probe.TCP, prodClient, web), no(Probe.TCP, devClient, web)));
      enforce("before the restart", """
          apiVersion: projectcalico.org/v3
          kind: NetworkPolicy
          metadata: {name: web-in, namespace: prod}
          spec:
            selector: app == 'web'
            ingress: [{action: Allow, source: {selector: app == 'client'}}]
          """, policed.toArray(Expect[]::new));
      List<String> rulesPoliced = ruleLines(node1);

      node1.stop();
      assertThat(ruleLines(node1)).as("rules after SIGTERM").isEqualTo(rulesPoliced);
      assertThat(mismatches(local)).as("enforced with the daemon stopped").isEmpty();
      written.forEach(r -> bed.datastore().delete(r.kind(), r.namespace(), r.name(), null));
      written.clear();
      sleep(Duration.ofSeconds(1));
      assertThat(mismatches(local)).as("the deleted policy, enforced until the daemon is back").isEmpty();

      node1.start().awaitReady(Duration.ofSeconds(90));
      bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
      awaitTraffic("after the restart", unpoliced, Duration.ofSeconds(30));
      assertThat(ruleLines(node1)).as("adopted and reconciled: the rules of the state without the policy, once")
          .isEqualTo(rulesOpen);
    } finally {
      bed.deletePod(neighbour);
    }
  }

  // ------------------------------------------------------------------ plumbing

  /** Everything the cases touch, all let through. */
  private List<Expect> open() {
    return List.of(ok(Probe.TCP, prodClient, web), ok(Probe.PING, prodClient, web), ok(Probe.TCP, devClient, web),
        ok(Probe.PING, devClient, web), ok(Probe.TCP, web, prodClient), ok(Probe.PING, web, devClient),
        ok(Probe.TCP, web, devClient));
  }

  private static Expect ok(Probe p, TestPod from, TestPod to) {
    return new Expect(p, from, to, true);
  }

  private static Expect no(Probe p, TestPod from, TestPod to) {
    return new Expect(p, from, to, false);
  }

  /** Writes the policy and checks that the traffic follows it within {@link #TAKES_EFFECT_WITHIN}. */
  private void enforce(String what, String yaml, Expect... expected) {
    long writtenAt = System.nanoTime();
    written.addAll(bed.apply(yaml));
    assertTakesEffect(what, List.of(expected), writtenAt);
  }

  private void assertTakesEffect(String what, List<Expect> expected, long since) {
    Duration took = awaitTrafficSince(what, expected, since, Duration.ofSeconds(15));
    System.out.printf("[%s] %s: traffic followed in %d ms%n", backend(), what, took.toMillis());
    assertThat(took).as("%s took effect after %s", what, took).isLessThanOrEqualTo(TAKES_EFFECT_WITHIN);
  }

  private Duration awaitTraffic(String what, List<Expect> expected, Duration timeout) {
    return awaitTrafficSince(what, expected, System.nanoTime(), timeout);
  }

  /**
   * Probes until every expectation holds; the time from {@code since} to the start of the first
   * round that saw them all (the state was in force by then), or a failure naming what was wrong.
   */
  private Duration awaitTrafficSince(String what, List<Expect> expected, long since, Duration timeout) {
    List<String> wrong;
    do {
      long round = System.nanoTime();
      wrong = mismatches(expected);
      if (wrong.isEmpty()) {
        return Duration.ofNanos(round - since);
      }
    } while (System.nanoTime() - since < timeout.toNanos());
    throw new AssertionError(what + ": after " + timeout + " still " + wrong);
  }

  /** Runs every probe at once; the expectations that did not hold. */
  private List<String> mismatches(List<Expect> expected) {
    List<CompletableFuture<Boolean>> runs = expected.stream()
        .map(e -> CompletableFuture.supplyAsync(() -> through(e), probes)).toList();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      if (runs.get(i).join() != expected.get(i).through()) {
        wrong.add(expected.get(i).toString());
      }
    }
    return wrong;
  }

  private static boolean through(Expect e) {
    return switch (e.probe()) {
      case TCP -> Traffic.tcpEcho(e.from(), e.to(), PROBE_TIMEOUT).isEmpty();
      case PING -> Traffic.pingOnce(e.from(), e.to(), PROBE_TIMEOUT);
    };
  }

  /** The node's policy rules as the kernel tools print them, sorted (chains are created in any order). */
  private List<String> ruleLines(TestNode n) {
    boolean nft = backend().equals("nftables");
    String text = nft ? Exec.check(Testbed.IP, "netns", "exec", n.netns(), "nft", "list", "ruleset")
        : Exec.check(Testbed.IP, "netns", "exec", n.netns(), "iptables-save", "-t", "filter");
    return text.lines().map(l -> COUNTER.matcher(l.strip()).replaceAll("counter"))
        .filter(l -> nft ? !l.isEmpty() : l.startsWith("-A ")).sorted().toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
