package io.jcalico.felix.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.dataplane.PolicyDataplaneConfig.Backend;
import io.jcalico.felix.dataplane.PolicyLab.Pod;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy enforced on real traffic: etcd holds the policies, profiles and workload endpoints;
 * {@link PolicyDataplane} on node1 watches them and programs node1's namespace with one backend
 * (a subclass per backend); pods in their own namespaces (see {@link PolicyLab}) then talk over
 * TCP, UDP and ICMP, and each case checks which conversations get through. The cluster:
 *
 * <pre>
 *   node1: web (prod, app=web, named port http=8080), db (prod, app=db),
 *          pcl (prod, app=client, service account client-sa), dcl (dev, app=client)
 *   node2: rcl (prod, app=client)            outside: out 198.19.0.1, outx 198.19.5.7
 *   namespaces as Calico profiles: kns.prod (env=prod), kns.dev (env=dev), both allow all
 *   every pod and the outside host also have an IPv6 address (fd00::/8), see the hosts below
 * </pre>
 *
 * One lab per backend serves every case: a case writes its documents, waits until the
 * dataplane has applied them, probes, and deletes them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyTrafficTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  /** A pod as the cases name it. */
  record Host(String name, String iface, String ip, String ip6) {}

  static final Host WEB = new Host("web", "caliweb", "198.18.1.1", "fd00::1:1");
  static final Host DB = new Host("db", "calidb", "198.18.1.2", "fd00::1:2");
  static final Host PCL = new Host("pcl", "calipcl", "198.18.1.3", "fd00::1:3");
  static final Host DCL = new Host("dcl", "calidcl", "198.18.1.4", "fd00::1:4");
  static final Host RCL = new Host("rcl", "calircl", "198.18.2.1", "fd00::2:1");
  static final Host OUT = new Host("out0", null, "198.19.0.1", "fd00::9:1");
  static final Host OUTX = new Host("out1", null, "198.19.5.7", "fd00::a:7");

  private static final Duration RESYNC = Duration.ofSeconds(2);
  private static final double PROBE_TIMEOUT = 0.4;

  static final String PROFILES = """
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata: {name: kns.prod}
      spec:
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
        labelsToApply: {pcns.env: prod, pcns.projectcalico.org/name: prod}
      ---
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata: {name: kns.dev}
      spec:
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
        labelsToApply: {pcns.env: dev, pcns.projectcalico.org/name: dev}
      """;

  private static String wep(String node, String ns, Host h, String labels, String extra) {
    return """
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: %s-k8s-%s-eth0, namespace: %s, labels: %s}
        spec:
          orchestrator: k8s
          node: %s
          pod: %s
          endpoint: eth0
          interfaceName: %s
          ipNetworks: [%s/32, "%s/128"]
          profiles: [kns.%s]
        %s
        """.formatted(node, h.name(), ns, labels, node, h.name(), h.iface(), h.ip(), h.ip6(), ns, extra);
  }

  static final String ENDPOINTS = String.join("---\n",
      wep("node1", "prod", WEB, "{app: web}", "  ports: [{name: http, protocol: TCP, port: 8080}]"),
      wep("node1", "prod", DB, "{app: db}", ""),
      wep("node1", "prod", PCL, "{app: client}", "  serviceAccountName: client-sa"),
      wep("node1", "dev", DCL, "{app: client}", ""),
      wep("node2", "prod", RCL, "{app: client}", ""));

  abstract Backend backend();

  private PolicyLab lab;
  private EtcdResourceStore store;
  private FaultyRunner faults;
  private PolicyDataplane dataplane;
  private final Map<String, Pod> pods = new LinkedHashMap<>();

  @BeforeAll
  void buildLab() {
    lab = new PolicyLab();
    for (Host h : List.of(WEB, DB, PCL, DCL)) {
      pods.put(h.name(), lab.addPod(h.name(), lab.node1, h.iface(), h.ip(), h.ip6()));
    }
    pods.put(RCL.name(), lab.addPod(RCL.name(), lab.node2, RCL.iface(), RCL.ip(), RCL.ip6()));
    lab.addOutside(List.of(OUT.ip(), OUTX.ip()), List.of(OUT.ip6(), OUTX.ip6())).forEach(p -> pods.put(p.name(), p));

    store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard());
    write(PROFILES + "---\n" + ENDPOINTS);
    PolicyDataplaneConfig config = PolicyDataplaneConfig.DEFAULT.withBackend(backend()).withNetns(lab.node1)
        .withResync(RESYNC, RESYNC).withRetryDelay(Duration.ofMillis(200));
    faults = new FaultyRunner(CommandRunner.inNetns(lab.node1));
    PolicyTables tables = switch (backend()) {
      case IPTABLES -> new IptablesPolicyTables(faults, Clock.system(), RESYNC, RESYNC);
      case NFTABLES -> new NftPolicyTables(faults, Clock.system(), RESYNC);
    };
    dataplane = PolicyDataplane.start(store, "node1", config, tables);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> converged(dataplane.calculatorGeneration()));
  }

  @AfterAll
  void tearDown() {
    try (PolicyLab l = lab; EtcdResourceStore s = store; PolicyDataplane d = dataplane) {
      // closed in reverse order, each even if another fails
    }
  }

  // ------------------------------------------------------------------ the matrix

  /** One expectation: a conversation from a pod and whether it must get through. */
  record Expect(Host from, String check, boolean ok) {
    @Override
    public String toString() {
      return from.name() + " -> " + check + (ok ? " allowed" : " denied");
    }
  }

  static String tcp(Host to, int port) {
    return "tcp:" + to.ip() + ":" + port;
  }

  static String udp(Host to, int port) {
    return "udp:" + to.ip() + ":" + port;
  }

  static String ping(Host to) {
    return "icmp:" + to.ip();
  }

  static String tcp6(Host to, int port) {
    return "tcp:" + to.ip6() + ":" + port;
  }

  static String udp6(Host to, int port) {
    return "udp:" + to.ip6() + ":" + port;
  }

  static String ping6(Host to) {
    return "icmp:" + to.ip6();
  }

  static Expect ok(Host from, String check) {
    return new Expect(from, check, true);
  }

  static Expect no(Host from, String check) {
    return new Expect(from, check, false);
  }

  static Arguments c(String name, String yaml, Expect... expectations) {
    return Arguments.of(name, yaml, List.of(expectations));
  }

  Stream<Arguments> cases() {
    return PolicyTrafficCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trafficFollowsPolicy(String name, String yaml, List<Expect> expectations) {
    List<Resource> written = yaml.isBlank() ? List.of() : write(yaml);
    try {
      assertTraffic(expectations);
    } finally {
      restore(written);
    }
  }

  // ------------------------------------------------------------------ dynamics

  @Test
  void policyChangeReachesTrafficWithinASecond() {
    String deny = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: quick, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Deny, protocol: TCP, destination: {ports: [80]}}, {action: Allow}]
        """;
    assertThat(probe(PCL, tcp(WEB, 80))).isTrue();
    List<Resource> docs = ResourceCodec.get().parseAll(deny);
    docs.forEach(store::apply);
    Duration toDeny = until(PCL, tcp(WEB, 80), false);
    docs.forEach(r -> store.delete(r.kind(), r.namespace(), r.name(), null));
    Duration toAllow = until(PCL, tcp(WEB, 80), true);
    awaitApplied(dataplane.calculatorGeneration());
    assertThat(toDeny).as("deny reached the traffic in %s", toDeny).isLessThan(Duration.ofSeconds(1));
    assertThat(toAllow).as("allow reached the traffic in %s", toAllow).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aPolicyChangeLandsWhileAReadBackIsHeldUp() {
    String deny = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: while-reading, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Deny, protocol: TCP, destination: {ports: [80]}}, {action: Allow}]
        """;
    List<Resource> docs = ResourceCodec.get().parseAll(deny);
    faults.holdReads();
    try {
      // the periodic read-back of the tables starts and hangs (a huge table takes seconds to read)
      Awaitility.await().atMost(RESYNC.multipliedBy(3)).until(() -> faults.heldReads() > 0);
      docs.forEach(store::apply);
      Duration toDeny = until(PCL, tcp(WEB, 80), false);
      assertThat(faults.heldReads()).as("the read-back is still held up").isPositive();
      assertThat(toDeny).as("the change reached the traffic in %s", toDeny).isLessThan(Duration.ofSeconds(1));
    } finally {
      faults.releaseReads();
      docs.forEach(r -> store.delete(r.kind(), r.namespace(), r.name(), null));
    }
    until(PCL, tcp(WEB, 80), true);
    awaitApplied(dataplane.calculatorGeneration());
  }

  /** Probes (0.15 s timeout) until the conversation's fate is {@code ok}; the time from the call. */
  private Duration until(Host from, String check, boolean ok) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      if (lab.probe(pods.get(from.name()), List.of(check), 0.15).get(check) == ok) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
    }
    throw new AssertionError(from.name() + " -> " + check + " never became " + (ok ? "allowed" : "denied"));
  }

  @Test
  void tablesFlushedByHandAreRestoredByResync() {
    List<Resource> written = write("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: only-prod, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow, source: {selector: app == 'client'}}]
        """);
    try {
      assertTraffic(List.of(no(DCL, tcp(WEB, 80)), ok(PCL, tcp(WEB, 80))));
      lab.inNs(lab.node1, backend() == Backend.IPTABLES ? "iptables -F" : "nft flush table ip calico");
      assertThat(probe(DCL, tcp(WEB, 80))).as("the flush opened the door").isTrue();
      Awaitility.await().atMost(RESYNC.multipliedBy(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> !probe(DCL, tcp(WEB, 80)));
      assertTraffic(List.of(no(DCL, tcp(WEB, 80)), ok(PCL, tcp(WEB, 80))));
    } finally {
      restore(written);
    }
  }

  @Test
  void failedApplyFailsClosedUntilItSucceeds() {
    // the kernel refuses the new policy's chain: web must not keep its old (open) rules
    String policy = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: refused, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow, protocol: TCP, source: {namespaceSelector: env == 'prod'}}]
        """;
    assertTraffic(List.of(ok(DCL, tcp(WEB, 80)), ok(PCL, tcp(DB, 80))));
    faults.failWritesContaining("prod/refused");
    List<Resource> written = ResourceCodec.get().parseAll(policy);
    try {
      long before = dataplane.calculatorGeneration();
      written.forEach(store::apply);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dataplane.calculatorGeneration() > before
          && dataplane.status().lastOutcome() == WriteOutcome.FAIL_SAFE);
      // web is quarantined, even for what both the old and the new rules allow; db is untouched
      assertTraffic(List.of(no(DCL, tcp(WEB, 80)), no(PCL, tcp(WEB, 80)), no(PCL, ping(WEB)),
          ok(PCL, tcp(DB, 80)), ok(DCL, tcp(DB, 80))));
      faults.failWritesContaining(null);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> converged(dataplane.calculatorGeneration()));
      assertTraffic(List.of(no(DCL, tcp(WEB, 80)), ok(PCL, tcp(WEB, 80)), ok(PCL, tcp(DB, 80))));
    } finally {
      faults.failWritesContaining(null);
      restore(written);
    }
  }

  // ------------------------------------------------------------------ plumbing

  private boolean converged(long generation) {
    PolicyDataplane.Status s = dataplane.status();
    return s.generationApplied() >= generation && s.lastOutcome() != null && s.lastOutcome().converged();
  }

  /** Writes the documents and waits until the dataplane has applied them. */
  private List<Resource> write(String yaml) {
    List<Resource> docs = ResourceCodec.get().parseAll(yaml);
    long before = dataplane == null ? 0 : dataplane.calculatorGeneration();
    docs.forEach(store::apply);
    if (dataplane != null) {
      awaitApplied(before + docs.size());
    }
    return docs;
  }

  /** Deletes the policies among {@code docs} and puts the original profiles back. */
  private void restore(List<Resource> docs) {
    long before = dataplane.calculatorGeneration();
    int changes = 0;
    for (Resource r : docs) {
      if (r.kind() == ResourceKind.PROFILE) {
        store.apply(ResourceCodec.get().parseAll(PROFILES).stream().filter(p -> p.name().equals(r.name())).findFirst()
            .orElseThrow());
      } else {
        store.delete(r.kind(), r.namespace(), r.name(), null);
      }
      changes++;
    }
    awaitApplied(before + changes);
  }

  private void awaitApplied(long generation) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> dataplane.calculatorGeneration() >= generation && converged(dataplane.calculatorGeneration()));
  }

  private boolean probe(Host from, String check) {
    return lab.probe(pods.get(from.name()), List.of(check), PROBE_TIMEOUT).get(check);
  }

  /** Runs every pod's probes at once and compares all outcomes in one assertion. */
  private void assertTraffic(List<Expect> expectations) {
    Map<Host, List<Expect>> byPod = expectations.stream()
        .collect(Collectors.groupingBy(Expect::from, LinkedHashMap::new, Collectors.toList()));
    List<CompletableFuture<Map<String, Boolean>>> runs = new ArrayList<>();
    byPod.forEach((from, list) -> runs.add(CompletableFuture.supplyAsync(
        () -> lab.probe(pods.get(from.name()), list.stream().map(Expect::check).distinct().toList(), PROBE_TIMEOUT))));
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    int i = 0;
    for (Map.Entry<Host, List<Expect>> e : byPod.entrySet()) {
      Map<String, Boolean> got = runs.get(i++).join();
      for (Expect x : e.getValue()) {
        expected.add(x.toString());
        actual.add(new Expect(x.from(), x.check(), got.get(x.check())).toString());
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }
}
