package io.jcalico.felix.bench;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.felix.calc.PolicyCalculator;
import io.jcalico.felix.dataplane.IptablesPolicyTables;
import io.jcalico.felix.dataplane.NftPolicyTables;
import io.jcalico.felix.dataplane.PolicyTables;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Policy at scale, applied for real in a throw-away network namespace: N policies over N local
 * endpoints (each policy selects 10 endpoints, each endpoint is selected by 10 policies; rules
 * with selectors, ports, ranges and nets), for each backend:
 *
 * <ul>
 *   <li>calculation: translating the resources and compiling the desired state;
 *   <li>full apply into empty tables;
 *   <li>a resync with nothing to do on the writer thread (read back, compare): how long a
 *       change would wait behind it if it ran there;
 *   <li>one incremental change (a policy's port), from the datastore update to the kernel,
 *       alone and while the periodic read-back runs beside the writer (as the node runs it),
 *       and one new endpoint, each repeated and reported as median and worst.
 * </ul>
 *
 * Usage: {@code scripts/bench-policy.sh [--policies N] [--endpoints N] [--repeat N] [--backends iptables,nftables]}.
 */
public final class PolicyBenchmark {
  private static final ResourceCodec CODEC = ResourceCodec.get();

  private PolicyBenchmark() {}

  public static void main(String[] args) {
    BenchArgs options = new BenchArgs(args);
    int policies = options.integer("--policies", 1000);
    int endpoints = options.integer("--endpoints", 1000);
    int repeat = options.integer("--repeat", 5);
    System.out.printf("policies=%d endpoints=%d (local, all with chains) repeat=%d%n", policies, endpoints, repeat);
    System.out.printf("%-9s %-32s %12s%n", "backend", "step", "time");
    List<String> backends = List.of(options.string("--backends", "iptables,nftables").split(","));
    for (String backend : backends) {
      run(backend, policies, endpoints, repeat);
    }
  }

  private static void run(String backend, int policies, int endpoints, int repeat) {
    String ns = "jpb-" + ProcessHandle.current().pid() + "-" + backend;
    CommandRunner local = CommandRunner.local();
    local.run(List.of("ip", "netns", "add", ns), null).orThrow();
    try {
      CommandRunner runner = CommandRunner.inNetns(ns);
      boolean ipt = backend.equals("iptables");
      // resync interval zero: a read-back is due whenever the benchmark asks for one
      PolicyTables tables = ipt
          ? new IptablesPolicyTables(runner, Clock.system(), Duration.ZERO, Duration.ZERO)
          : new NftPolicyTables(runner, Clock.system(), Duration.ZERO);
      CompileOptions options = tables.compileOptions();
      PolicyCalculator calc = new PolicyCalculator("node1", options, true);

      long t0 = System.nanoTime();
      Map<ResourceKind, Map<String, Resource>> world = world(policies, endpoints);
      world.forEach(calc::update);
      DesiredState desired = calc.compute();
      long t1 = System.nanoTime();
      report(backend, "translate + compile", t1 - t0);
      int chains = desired.v4().chains().size();
      int rules = desired.v4().chains().stream().mapToInt(c -> c.rules().size()).sum();
      System.out.printf("%-9s %-32s %12s%n", backend, "  (IPv4 chains / rules / sets)",
          chains + " / " + rules + " / " + desired.v4().ipSets().size());

      long a0 = System.nanoTime();
      expect(tables.apply(desired), WriteOutcome.WRITTEN);
      report(backend, "full apply (both families)", System.nanoTime() - a0);

      tables.resyncNow();
      long r0 = System.nanoTime();
      expect(tables.apply(desired), WriteOutcome.UNCHANGED);
      report(backend, "resync on the writer, no change", System.nanoTime() - r0);

      // a daemon runs for long: measure changes with the JIT warm, after a few unmeasured ones
      int warmup = 3;
      long[] change = new long[repeat];
      long[] compute = new long[repeat];
      for (int i = -warmup; i < repeat; i++) {
        Map<String, Resource> nps = new LinkedHashMap<>(world.get(ResourceKind.NETWORK_POLICY));
        Resource changed = policy((i + warmup) * 7 % policies, 2000 + i);
        nps.put(changed.namespace() + "/" + changed.name(), changed);
        world.put(ResourceKind.NETWORK_POLICY, nps);
        long c0 = System.nanoTime();
        calc.update(ResourceKind.NETWORK_POLICY, nps);
        DesiredState next = calc.compute();
        long c1 = System.nanoTime();
        expect(tables.apply(next), WriteOutcome.WRITTEN);
        if (i >= 0) {
          change[i] = System.nanoTime() - c0;
          compute[i] = c1 - c0;
        }
      }
      report(backend, "policy change: compute", compute);
      report(backend, "policy change: compute + apply", change);

      // the periodic resync as the node runs it: read back beside the writer while a change lands
      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        long[] during = new long[repeat];
        long[] readBack = new long[repeat];
        for (int i = 0; i < repeat; i++) {
          ReadBack due = tables.readBackIfDue();
          long b0 = System.nanoTime();
          Future<Runnable> read = reader.submit(due::read);
          Map<String, Resource> nps = new LinkedHashMap<>(world.get(ResourceKind.NETWORK_POLICY));
          Resource changed = policy(i * 11 % policies, 3000 + i);
          nps.put(changed.namespace() + "/" + changed.name(), changed);
          world.put(ResourceKind.NETWORK_POLICY, nps);
          long c0 = System.nanoTime();
          calc.update(ResourceKind.NETWORK_POLICY, nps);
          DesiredState next = calc.compute();
          expect(tables.apply(next), WriteOutcome.WRITTEN);
          during[i] = System.nanoTime() - c0;
          Runnable takeIn = read.get();
          readBack[i] = System.nanoTime() - b0;
          takeIn.run();
          // the read neither undid the change nor found anything to heal
          expect(tables.apply(next), WriteOutcome.UNCHANGED);
        }
        report(backend, "read-back beside the writer", readBack);
        report(backend, "policy change during read-back", during);
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException(e);
      } finally {
        reader.shutdownNow();
      }

      long[] added = new long[repeat];
      for (int i = 0; i < repeat; i++) {
        Map<String, Resource> weps = new LinkedHashMap<>(world.get(ResourceKind.WORKLOAD_ENDPOINT));
        Resource wep = endpoint(endpoints + i);
        weps.put(wep.namespace() + "/" + wep.name(), wep);
        world.put(ResourceKind.WORKLOAD_ENDPOINT, weps);
        long c0 = System.nanoTime();
        calc.update(ResourceKind.WORKLOAD_ENDPOINT, weps);
        expect(tables.apply(calc.compute()), WriteOutcome.WRITTEN);
        added[i] = System.nanoTime() - c0;
      }
      report(backend, "new endpoint: compute + apply", added);
    } finally {
      local.run(List.of("ip", "netns", "del", ns), null);
    }
  }

  /** Profiles for 10 namespaces, the endpoints and the policies. */
  private static Map<ResourceKind, Map<String, Resource>> world(int policies, int endpoints) {
    Map<ResourceKind, Map<String, Resource>> w = new LinkedHashMap<>();
    Map<String, Resource> profiles = new LinkedHashMap<>();
    for (int n = 0; n < 10; n++) {
      Resource p = CODEC.parseOne("""
          apiVersion: projectcalico.org/v3
          kind: Profile
          metadata: {name: kns.ns%d}
          spec:
            ingress: [{action: Allow}]
            egress: [{action: Allow}]
            labelsToApply: {pcns.team: t%d}
          """.formatted(n, n % 3));
      profiles.put(p.name(), p);
    }
    w.put(ResourceKind.PROFILE, profiles);
    Map<String, Resource> weps = new LinkedHashMap<>();
    for (int e = 0; e < endpoints; e++) {
      Resource r = endpoint(e);
      weps.put(r.namespace() + "/" + r.name(), r);
    }
    w.put(ResourceKind.WORKLOAD_ENDPOINT, weps);
    Map<String, Resource> nps = new LinkedHashMap<>();
    for (int p = 0; p < policies; p++) {
      Resource r = policy(p, 80);
      nps.put(r.namespace() + "/" + r.name(), r);
    }
    w.put(ResourceKind.NETWORK_POLICY, nps);
    w.put(ResourceKind.GLOBAL_NETWORK_POLICY, Map.of());
    w.put(ResourceKind.K8S_NETWORK_POLICY, Map.of());
    return w;
  }

  /** Endpoint e: namespace ns(e%10), app(e%100), role r(e%3), address 198.18.x.y and fd00::. */
  private static Resource endpoint(int e) {
    return CODEC.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: node1-k8s-pod%d-eth0, namespace: ns%d, labels: {app: app%d, role: r%d}}
        spec:
          orchestrator: k8s
          node: node1
          pod: pod%d
          endpoint: eth0
          interfaceName: cali%011x
          ipNetworks: [198.18.%d.%d/32, "fd00::%x/128"]
          profiles: [kns.ns%d]
        """.formatted(e, e % 10, e % 100, e % 3, e, e, e / 250, e % 250 + 1, e + 1, e % 10));
  }

  /** Policy p in namespace ns(p%10) selects app(p%100): ten endpoints. */
  private static Resource policy(int p, int port) {
    return CODEC.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: pol%d, namespace: ns%d}
        spec:
          order: %d
          selector: app == 'app%d'
          types: [Ingress, Egress]
          ingress:
          - action: Allow
            protocol: TCP
            source: {selector: role == 'r%d'}
            destination: {ports: [%d, 443, "8000:8100"]}
          - action: Allow
            source: {nets: [198.19.%d.0/24]}
          - action: Deny
            protocol: UDP
            source: {namespaceSelector: team == 't%d'}
          egress:
          - action: Allow
            protocol: UDP
            destination: {ports: [53]}
          - action: Allow
            destination: {selector: app == 'app%d'}
        """.formatted(p, p % 10, p % 50, p % 100, p % 3, port, p % 256, p % 3, (p + 1) % 100));
  }

  private static void expect(WriteOutcome got, WriteOutcome want) {
    if (got != want) {
      throw new IllegalStateException("apply gave " + got + ", expected " + want);
    }
  }

  private static void report(String backend, String step, long nanos) {
    System.out.printf("%-9s %-32s %9.1f ms%n", backend, step, nanos / 1e6);
  }

  private static void report(String backend, String step, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%-9s %-32s %9.1f ms median, %.1f ms worst%n", backend, step, s[s.length / 2] / 1e6,
        s[s.length - 1] / 1e6);
  }

  static {
    Locale.setDefault(Locale.ROOT);
  }
}
