package io.jcalico.ipam.bench;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.etcd.LocalEtcd;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.ipam.AutoAssignArgs;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.HostLabels;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.IpamOptions;
import io.jcalico.ipam.PoolSource;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.PoolSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Allocation throughput and latency of our etcd IPAM against the reference host-local plugin, in
 * one run: 1 and 3 concurrent nodes, each allocating one address per call as a CNI ADD does, with
 * the pool 0%, 50% and 90% full. host-local is exec'd exactly as a runtime does (env CNI_*, config
 * on stdin, its own dataDir per node); its pool is pre-filled by writing the files it writes
 * itself (one per address: "&lt;container id&gt;\r\n&lt;ifname&gt;"), ours by allocating.
 *
 * <p>Run with scripts/bench-ipam.sh; options: {@code --calls N} allocations measured per node and
 * fill level (default 300), {@code --pool CIDR} (default 198.18.0.0/20).
 */
public final class IpamBenchmark {
  private static final String HOST_LOCAL = "/usr/lib/cni/host-local";
  private static final int[] FILLS = {0, 50, 90};

  record Result(String system, int nodes, int fill, int calls, double seconds, long[] latenciesNanos) {
    double perSecond() {
      return calls / seconds;
    }

    double percentileMs(double p) {
      long[] s = latenciesNanos.clone();
      Arrays.sort(s);
      int i = (int) Math.min(s.length - 1, Math.ceil(p / 100.0 * s.length) - 1);
      return s[Math.max(0, i)] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = 300;
    String pool = "198.18.0.0/20";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--pool" -> pool = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    IPAddress cidr = new IPAddressString(pool).getAddress().toPrefixBlock();
    int size = cidr.getCount().intValueExact();
    System.out.printf("IPAM benchmark: pool %s (%d addresses), %d measured allocations per node and fill level, %d cores%n",
        pool, size, calls, Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (int nodes : new int[] {1, 3}) {
      for (int fill : FILLS) {
        results.add(etcdIpam(cidr, nodes, fill, calls));
        results.add(hostLocal(cidr, nodes, fill, calls));
      }
    }
    print(results);
  }

  // ---------------------------------------------------------------- ours

  private static Result etcdIpam(IPAddress pool, int nodes, int fill, int calls) throws Exception {
    try (LocalEtcd etcd = LocalEtcd.onFreePorts().start()) {
      List<EtcdAccess> clients = new ArrayList<>();
      List<Ipam> ipams = new ArrayList<>();
      PoolSource pools = PoolSource.of(new PoolSpec(pool, pool.isIPv4() ? 26 : 122, false, "all()", null));
      for (int n = 0; n < nodes; n++) {
        EtcdAccess a = EtcdAccess.connect(etcd.endpoint(), Duration.ofSeconds(10));
        clients.add(a);
        ipams.add(EtcdIpam.create(a, pools, HostLabels.NONE, IpamOptions.DEFAULT));
      }
      try {
        // no per-host block cap here: one node must be able to fill the whole pool
        ipams.get(0).setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(0));
        int prefill = pool.getCount().intValueExact() * fill / 100;
        runNodes(nodes, n -> {
          for (int i = n; i < prefill; i += nodes) allocate(ipams.get(n), "node-" + n, "fill-" + i);
          return null;
        });
        return measure("jcalico etcd IPAM", nodes, fill, calls, (n, i) -> allocate(ipams.get(n), "node-" + n, "m-" + i));
      } finally {
        clients.forEach(EtcdAccess::close);
      }
    }
  }

  private static void allocate(Ipam ipam, String node, String id) {
    ipam.autoAssign(AutoAssignArgs.of(1, 0, AutoAssignArgs.workloadHandle(node + "-" + id),
        Map.of("node", node, "namespace", "bench", "pod", id), node));
  }

  // ---------------------------------------------------------------- host-local

  private static Result hostLocal(IPAddress pool, int nodes, int fill, int calls) throws Exception {
    Path work = Files.createTempDirectory("jcalico-hostlocal-");
    try {
      List<String> configs = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        Path dataDir = work.resolve("node-" + n);
        prefillHostLocal(dataDir.resolve("bench"), pool, pool.getCount().intValueExact() * fill / 100);
        configs.add("""
            {"cniVersion":"1.0.0","name":"bench","type":"host-local",
             "ipam":{"type":"host-local","ranges":[[{"subnet":"%s"}]],"dataDir":"%s"}}"""
            .formatted(pool.toCanonicalString(), dataDir));
      }
      return measure("host-local (exec)", nodes, fill, calls, (n, i) -> execHostLocal(configs.get(n), "node" + n + "m" + i));
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Writes host-local's own store format: one file per reserved address, and the last reserved one. */
  private static void prefillHostLocal(Path dir, IPAddress pool, int count) throws IOException {
    Files.createDirectories(dir);
    IPAddress base = pool.getLower().withoutPrefixLength();
    IPAddress last = null;
    // host-local skips the network address and the gateway (.1)
    for (int i = 0; i < count; i++) {
      IPAddress a = base.increment(i + 2);
      Files.writeString(dir.resolve(a.toCanonicalString()), "fill" + i + "\r\neth0", StandardCharsets.US_ASCII);
      last = a;
    }
    if (last != null) Files.writeString(dir.resolve("last_reserved_ip.0"), last.toCanonicalString(), StandardCharsets.US_ASCII);
  }

  private static void execHostLocal(String config, String containerId) {
    try {
      ProcessBuilder pb = new ProcessBuilder(HOST_LOCAL).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.put("CNI_COMMAND", "ADD");
      env.put("CNI_CONTAINERID", containerId);
      env.put("CNI_NETNS", "/var/run/netns/" + containerId);
      env.put("CNI_IFNAME", "eth0");
      env.put("CNI_PATH", "/usr/lib/cni");
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(config.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 || !out.contains("\"address\"")) throw new IllegalStateException("host-local failed: " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- measuring

  interface Call {
    void run(int node, int index) throws Exception;
  }

  interface NodeWork {
    Void run(int node) throws Exception;
  }

  private static Result measure(String system, int nodes, int fill, int calls, Call call) throws Exception {
    long[] lat = new long[nodes * calls];
    long t0 = System.nanoTime();
    runNodes(nodes, n -> {
      for (int i = 0; i < calls; i++) {
        long s = System.nanoTime();
        call.run(n, i);
        lat[n * calls + i] = System.nanoTime() - s;
      }
      return null;
    });
    double seconds = (System.nanoTime() - t0) / 1e9;
    Result r = new Result(system, nodes, fill, nodes * calls, seconds, lat);
    System.out.printf(Locale.ROOT, "  %-18s nodes=%d fill=%2d%%: %7.0f/s  p50 %6.2f ms  p99 %6.2f ms%n",
        system, nodes, fill, r.perSecond(), r.percentileMs(50), r.percentileMs(99));
    return r;
  }

  private static void runNodes(int nodes, NodeWork work) throws Exception {
    ExecutorService ex = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<Void>> fs = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        int node = n;
        fs.add(ex.submit((Callable<Void>) () -> work.run(node)));
      }
      for (Future<Void> f : fs) f.get();
    } finally {
      ex.shutdownNow();
    }
  }

  private static void print(List<Result> results) {
    System.out.println();
    System.out.println("| system | nodes | pool fill | allocations/s | p50 ms | p99 ms |");
    System.out.println("|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d%% | %.0f | %.2f | %.2f |%n", r.system(), r.nodes(), r.fill(),
          r.perSecond(), r.percentileMs(50), r.percentileMs(99));
    }
    System.out.println();
    System.out.println("| nodes | pool fill | throughput ours/host-local | p50 ours/host-local | p99 ours/host-local |");
    System.out.println("|---|---|---|---|---|");
    for (int i = 0; i + 1 < results.size(); i += 2) {
      Result ours = results.get(i);
      Result ref = results.get(i + 1);
      System.out.printf(Locale.ROOT, "| %d | %d%% | %.2f | %.2f | %.2f |%n", ours.nodes(), ours.fill(),
          ours.perSecond() / ref.perSecond(), ours.percentileMs(50) / ref.percentileMs(50),
          ours.percentileMs(99) / ref.percentileMs(99));
    }
  }

  private IpamBenchmark() {}

}
