package io.jcalico.felix.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.felix.cni.CniSocketServer;
import io.jcalico.felix.e2e.Cni;
import io.jcalico.felix.e2e.TestNode;
import io.jcalico.felix.e2e.Testbed;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.ipam.model.AllocationBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CNI ADD and DEL latency, one pod at a time, of our plugin (the native {@code calico} client
 * talking to a running {@code calico-node}, which allocates through etcd transactions, plumbs the
 * veth and writes the WorkloadEndpoint) next to the reference {@code ptp} + {@code host-local}
 * plugins from containernetworking-plugins, in the same run and the same node namespace.
 *
 * <p>The node is a {@link Testbed} node: a network namespace on an underlay, its daemon a process
 * of its own with the flags of {@code bin/calico-node}, one etcd. Each pod sandbox is a fresh
 * network namespace made before the timed call, as a runtime makes it. Every invocation is timed
 * from the harness: fork and exec of the plugin from a thread inside the node's namespace, config
 * on stdin, result read back, exit; the fork/exec of {@code /bin/true} is printed as the floor.
 * The two plugins take turns pod by pod (ours first on even pods, the reference first on odd ones)
 * so that load from other processes falls on both alike. Warm-up pods (both plugins) run first and
 * are not counted: the daemon is a long-running process, its steady state is what a node sees.
 *
 * <p>Usage: {@code scripts/bench-cni.sh [--pods 200] [--warmup 20] [--ipv6] [--jfr]}
 * ({@code --jfr}: a flight recording of the daemon in {@code target/e2e-logs/bench-cni/}). Needs root.
 */
public final class CniBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REFERENCE_DIR = Path.of("/usr/lib/cni");
  private static final String V4_POOL = "198.18.128.0/18";
  private static final String V6_POOL = "fd00:198:19::/112";
  private static final String REF_V4_RANGE = "198.19.0.0/16";
  private static final String REF_V6_RANGE = "fd00:198:20::/64";

  private CniBenchmark() {}

  /** One finished plugin invocation. */
  record Run(long nanos, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** A plugin under test: its executable, the network config it reads and what its env adds. */
  record Plugin(String label, Path executable, ObjectNode conf, Map<String, String> env) {}

  /** Latencies of one plugin over the measured pods, in nanoseconds, in pod order. */
  record Latencies(long[] add, long[] del) {}

  public static void main(String[] args) throws IOException {
    Locale.setDefault(Locale.ROOT);
    BenchArgs options = new BenchArgs(args);
    int pods = options.integer("--pods", 200);
    int warmup = options.integer("--warmup", 20);
    boolean ipv6 = options.flag("--ipv6");
    for (String exe : List.of("ptp", "host-local")) {
      if (!Files.isExecutable(REFERENCE_DIR.resolve(exe))) {
        throw new IllegalStateException(REFERENCE_DIR.resolve(exe) + " missing: install containernetworking-plugins");
      }
    }
    String loadBefore = loadAverage();
    Path hostLocalData = Files.createTempDirectory("jcb-host-local-");
    try (Testbed bed = Testbed.create("bench-cni")) {
      bed.meshBgp(Duration.ofSeconds(10)).ipPool("bench-v4", V4_POOL, 26);
      if (ipv6) bed.ipPool("bench-v6", V6_POOL, 122);
      bed.podAddressFamilies(true, ipv6);
      TestNode node = bed.addNode("bench-node");
      if (options.flag("--jfr")) {
        // the daemon's flight recording, written when it stops, next to its log
        node.withJvmArgs("-XX:StartFlightRecording=settings=profile,filename="
            + node.logFile().resolveSibling("bench-node.jfr"));
      }
      bed.startAll(Duration.ofSeconds(120));

      Plugin ours = new Plugin("jcalico calico -> calico-node", Cni.binDir().resolve("calico"), bed.cniConf(),
          Map.of("CNI_PATH", Cni.binDir() + ":" + REFERENCE_DIR, CniSocketServer.SOCKET_ENV, node.cniSocket().toString()));
      Plugin ref = new Plugin("reference ptp + host-local", REFERENCE_DIR.resolve("ptp"), referenceConf(hostLocalData, ipv6),
          Map.of("CNI_PATH", REFERENCE_DIR.toString()));
      List<Plugin> plugins = List.of(ours, ref);

      try (NetNamespace nodeNs = Rtnetlink.openNamespace(Path.of("/run/netns", node.netns()))) {
        long[] floor = new long[50];
        for (int i = 0; i < floor.length; i++) {
          floor[i] = spawn(nodeNs, List.of("/bin/true"), Map.of(), "").nanos();
        }
        cycle(bed, nodeNs, plugins, warmup, "warm");
        Map<String, Double> before = daemonSums(node);
        Map<Plugin, Latencies> measured = cycle(bed, nodeNs, plugins, pods, "pod");
        Map<String, Double> after = daemonSums(node);
        List<String> leftovers = leftovers(bed, nodeNs);

        System.out.printf("%nCNI ADD then DEL, %d pods one at a time per plugin (taking turns), after %d warm-up pods; %s%n",
            pods, warmup, ipv6 ? "dual stack (one IPv4 and one IPv6 address per pod)" : "IPv4");
        System.out.printf("machine: %d CPUs, load average %s before, %s after (shared with other jobs: figures are noisy)%n",
            Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        System.out.printf("floor: fork+exec of /bin/true from the harness, p50 %s ms%n%n", ms(percentile(floor, 50)));
        System.out.printf("%-32s %7s %7s %7s %8s   %7s %7s %7s %8s%n", "", "ADD p50", "p90", "p99", "pods/s",
            "DEL p50", "p90", "p99", "pods/s");
        for (Plugin p : plugins) {
          Latencies l = measured.get(p);
          System.out.printf("%-32s %7s %7s %7s %8.1f   %7s %7s %7s %8.1f%n", p.label(),
              ms(percentile(l.add(), 50)), ms(percentile(l.add(), 90)), ms(percentile(l.add(), 99)), perSecond(l.add()),
              ms(percentile(l.del(), 50)), ms(percentile(l.del(), 90)), ms(percentile(l.del(), 99)), perSecond(l.del()));
        }
        Latencies a = measured.get(ours);
        Latencies b = measured.get(ref);
        System.out.printf("%-32s %7s %7s %7s %8s   %7s %7s %7s %8s%n", "ours / reference",
            ratio(a.add(), b.add(), 50), ratio(a.add(), b.add(), 90), ratio(a.add(), b.add(), 99),
            String.format("%.2fx", perSecond(a.add()) / perSecond(b.add())),
            ratio(a.del(), b.del(), 50), ratio(a.del(), b.del(), 90), ratio(a.del(), b.del(), 99),
            String.format("%.2fx", perSecond(a.del()) / perSecond(b.del())));
        for (String command : List.of("ADD", "DEL")) {
          StringBuilder line = new StringBuilder(String.format("%-32s %s mean %.1f ms in the daemon:", "ours, where the time goes", command,
              mean(before, after, "calico_cni_request_duration_seconds", "plugin=\"calico\",command=\"" + command + "\"")));
          for (String step : List.of("ipam", "veth", "dataplane", "endpoint")) {
            double perPod = pods == 0 ? 0
                : delta(before, after, "calico_cni_step_duration_seconds_sum", "command=\"" + command + "\",step=\"" + step + "\"") * 1000 / pods;
            if (perPod > 0) {
              line.append(String.format(" %s %.1f", step, perPod));
            }
          }
          // ADD's veth runs beside ipam; DEL's endpoint and ipam beside the dataplane
          System.out.println(line + " (ms per pod; steps overlap)");
        }
        System.out.printf("%ngoal (issue 6): ADD p50 ratio <= 1.00x, ADD p99 ratio <= 1.50x%n");
        System.out.println(leftovers.isEmpty() ? "after DEL: no interface, address or endpoint left"
            : "after DEL, LEFT OVER: " + leftovers);
      }
    } finally {
      try (var files = Files.walk(hostLocalData)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * ADD of {@code n} pods one at a time, each plugin in turn, then DEL of each in the same order
   * with the ADD result as prevResult (as a runtime sends it). Any failed call ends the run.
   */
  private static Map<Plugin, Latencies> cycle(Testbed bed, NetNamespace nodeNs, List<Plugin> plugins, int n, String prefix) {
    Map<Plugin, Latencies> out = new LinkedHashMap<>();
    Map<Plugin, String[]> ids = new LinkedHashMap<>();
    Map<Plugin, Path[]> netns = new LinkedHashMap<>();
    Map<Plugin, String[]> results = new LinkedHashMap<>();
    for (Plugin p : plugins) {
      out.put(p, new Latencies(new long[n], new long[n]));
      ids.put(p, new String[n]);
      netns.put(p, new Path[n]);
      results.put(p, new String[n]);
      for (int i = 0; i < n; i++) {
        ids.get(p)[i] = Testbed.newContainerId();
        netns.get(p)[i] = Path.of("/run/netns", bed.newPodNamespace());
      }
    }
    for (String command : List.of("ADD", "DEL")) {
      for (int i = 0; i < n; i++) {
        for (Plugin p : turn(plugins, i)) {
          ObjectNode conf = command.equals("ADD") ? p.conf() : Cni.withPrevResult(p.conf(), results.get(p)[i]);
          Map<String, String> env = new LinkedHashMap<>(Cni.env(command, ids.get(p)[i], netns.get(p)[i], "eth0",
              "bench", prefix + "-" + i));
          env.putAll(p.env());
          Run r = spawn(nodeNs, List.of(p.executable().toString()), env, conf.toString());
          if (!r.ok()) {
            throw new IllegalStateException(p.label() + " " + command + " of " + prefix + "-" + i + " failed: exit "
                + r.exitCode() + " " + r.stdout() + r.stderr());
          }
          Latencies l = out.get(p);
          (command.equals("ADD") ? l.add() : l.del())[i] = r.nanos();
          if (command.equals("ADD")) results.get(p)[i] = r.stdout();
        }
      }
    }
    return out;
  }

  /** Both plugins, the first one alternating pod by pod. */
  private static List<Plugin> turn(List<Plugin> plugins, int i) {
    List<Plugin> order = new ArrayList<>(plugins);
    if (i % 2 == 1) java.util.Collections.reverse(order);
    return order;
  }

  /**
   * Runs a program from a fresh thread inside {@code ns} (a child process inherits its parent
   * thread's network namespace), with exactly {@code env}, {@code stdin} on its standard input;
   * timed from just before the fork to its exit.
   */
  static Run spawn(NetNamespace ns, List<String> cmd, Map<String, String> env, String stdin) {
    return ns.call(() -> {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().clear();
      pb.environment().putAll(env);
      long start = System.nanoTime();
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(UTF_8));
      }
      // results and errors are a few hundred bytes: neither pipe can fill while the other is read
      String out = new String(p.getInputStream().readAllBytes(), UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
      int exit = p.waitFor();
      return new Run(System.nanoTime() - start, exit, out, err);
    });
  }

  /** ptp with host-local, as in the plugins' own examples; no IP masquerade (no iptables in the timing). */
  private static ObjectNode referenceConf(Path dataDir, boolean ipv6) {
    ObjectNode c = JSON.createObjectNode();
    c.put("cniVersion", "1.0.0").put("name", "bench-reference").put("type", "ptp").put("ipMasq", false).put("mtu", 1500);
    ObjectNode ipam = c.putObject("ipam").put("type", "host-local").put("dataDir", dataDir.toString());
    ArrayNode ranges = ipam.putArray("ranges");
    ranges.addArray().addObject().put("subnet", REF_V4_RANGE);
    if (ipv6) ranges.addArray().addObject().put("subnet", REF_V6_RANGE);
    return c;
  }

  /** What the DELs left behind: veths in the node namespace, IPAM allocations. */
  private static List<String> leftovers(Testbed bed, NetNamespace nodeNs) {
    List<String> left = new ArrayList<>();
    try (Netlink nl = Rtnetlink.openIn(nodeNs)) {
      nl.listLinks().stream().filter(Link::isVeth).map(Link::name)
          .filter(name -> !name.equals("eth0")).forEach(name -> left.add("interface " + name));
    }
    for (AllocationBlock b : bed.ipam().snapshot().blocks().values()) {
      b.allocations().forEach(a -> left.add("address " + a.address() + " of " + a.handleId()));
    }
    return left;
  }

  /** The daemon's histogram sums and counts ({@code name_sum{labels}}, {@code name_count{labels}}) from /metrics. */
  private static Map<String, Double> daemonSums(TestNode node) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : node.httpGet("/metrics").split("\n")) {
      int sp = line.lastIndexOf(' ');
      if (line.startsWith("calico_cni_") && (line.contains("_sum{") || line.contains("_count{")) && sp > 0) {
        out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
      }
    }
    return out;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String labels) {
    String key = name + "{" + labels + "}";
    return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }

  /** Mean of a histogram over the measured pods, in ms. */
  private static double mean(Map<String, Double> before, Map<String, Double> after, String histogram, String labels) {
    double n = delta(before, after, histogram + "_count", labels);
    return n == 0 ? 0 : delta(before, after, histogram + "_sum", labels) * 1000 / n;
  }

  private static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double perSecond(long[] nanos) {
    return nanos.length / (Arrays.stream(nanos).sum() / 1e9);
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }

  private static String ratio(long[] ours, long[] ref, int p) {
    return String.format("%.2fx", (double) percentile(ours, p) / percentile(ref, p));
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
