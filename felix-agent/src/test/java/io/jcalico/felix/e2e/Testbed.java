package io.jcalico.felix.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.etcd.LocalEtcd;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.cni.WorkloadNames;
import io.jcalico.felix.netlink.NamespaceTcpForwarder;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.ResourcePoolSource;
import io.jcalico.ipam.model.AllocationBlock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lab of Calico nodes on one machine, for end-to-end tests.
 *
 * <pre>
 *   test JVM ── etcd on 127.0.0.1:&lt;free port&gt;
 *      │  relays 198.18.0.1:2379 (a socket inside the underlay namespace) to etcd
 *   ┌──┴──────────── underlay netns: bridge br0 198.18.0.1/24, fd00:198:18::1/64 ──────┐
 *   │ vn1                    vn2                    vn3          (the underlay may bridge)│
 *   └─┼──────────────────────┼──────────────────────┼─────────────────────────────────────┘
 *   node-1 netns eth0      node-2 netns eth0      node-3 netns eth0   198.18.0.1X/24, fd00:198:18::1X/64,
 *   calico-node process    calico-node process    calico-node process default via 198.18.0.1
 *    caliX ── pod netns     ...                                        (pods never bridge: /32 + proxy ARP)
 * </pre>
 *
 * Every namespace, process, relay and file the test bed makes is removed by {@link #close()},
 * also when a test fails, and by a JVM shutdown hook if the JVM is stopped. Namespaces left by an
 * earlier run whose JVM was killed outright are swept when the next test bed starts: their names
 * carry the pid of the JVM that made them.
 */
public final class Testbed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Testbed.class);
  static final String IP = "/usr/sbin/ip";
  private static final String NS_PREFIX = "jce";
  private static final Pattern OWN_NS = Pattern.compile(NS_PREFIX + "(\\d+)-.*");
  private static final AtomicInteger BEDS = new AtomicInteger();

  public static final IPAddress UNDERLAY_GATEWAY_V4 = new IPAddressString("198.18.0.1/24").getAddress();
  public static final IPAddress UNDERLAY_GATEWAY_V6 = new IPAddressString("fd00:198:18::1/64").getAddress();
  public static final int ETCD_PORT = 2379;

  private final String name;
  private final String prefix;
  private final String underlay;
  private final Path logDir;
  private final Path runDir;
  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final List<TestNode> nodes = new ArrayList<>();
  private final List<TestPod> pods = new ArrayList<>();
  private final Map<TestPod, PodEchoServer> echoServers = new HashMap<>();
  private final AtomicInteger podCounter = new AtomicInteger();
  private final Thread shutdownHook;
  private int bgpPort = 10179;
  private Duration routeRefresh = Duration.ofSeconds(10);
  private boolean assignIpv4 = true;
  private boolean assignIpv6 = false;
  private LocalEtcd etcd;
  private EtcdResourceStore store;
  private EtcdIpam ipam;
  private boolean closed;

  private Testbed(String name) {
    this.name = name;
    this.prefix = NS_PREFIX + ProcessHandle.current().pid() + "-" + BEDS.incrementAndGet();
    this.underlay = prefix + "u";
    this.logDir = Path.of("target", "e2e-logs", name).toAbsolutePath();
    try {
      this.runDir = Files.createTempDirectory(prefix + "-"); // short: unix socket paths are limited to 107 bytes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.shutdownHook = new Thread(this::close, "testbed-" + name + "-cleanup");
  }

  /** The underlay and etcd, no nodes yet. Logs go to {@code target/e2e-logs/<name>/}. */
  public static Testbed create(String name) {
    sweepLeftovers();
    Testbed bed = new Testbed(name);
    Runtime.getRuntime().addShutdownHook(bed.shutdownHook);
    try {
      bed.startUnderlay();
      return bed;
    } catch (RuntimeException | Error e) {
      bed.close();
      throw e;
    }
  }

  private void startUnderlay() {
    deleteTree(logDir);
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cleanup.push(() -> deleteTree(runDir));
    addNamespace(underlay);
    Exec.check(IP, "-n", underlay, "link", "add", "br0", "type", "bridge");
    Exec.check(IP, "-n", underlay, "addr", "add", UNDERLAY_GATEWAY_V4.toCanonicalString(), "dev", "br0");
    Exec.check(IP, "-n", underlay, "addr", "add", UNDERLAY_GATEWAY_V6.toCanonicalString(), "dev", "br0", "nodad");
    Exec.check(IP, "-n", underlay, "link", "set", "br0", "up");

    etcd = LocalEtcd.onFreePorts().start();
    cleanup.push(etcd::close);
    URI local = URI.create(etcd.endpoint());
    NetNamespace ns = Rtnetlink.openNamespace(Path.of("/run/netns", underlay));
    cleanup.push(ns::close);
    NamespaceTcpForwarder relay = NamespaceTcpForwarder.start(ns,
        new InetSocketAddress(UNDERLAY_GATEWAY_V4.withoutPrefixLength().toInetAddress(), ETCD_PORT),
        new InetSocketAddress(local.getHost(), local.getPort()));
    cleanup.push(relay::close);
    // generous: the first call pays for the client's start on a machine the daemons share
    store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(20), Admission.standard());
    cleanup.push(store::close);
  }

  private void addNamespace(String ns) {
    Exec.check(IP, "netns", "add", ns);
    cleanup.push(() -> deleteNamespace(ns));
    Exec.check(IP, "-n", ns, "link", "set", "lo", "up");
  }

  /** Kills whatever still runs in the namespace (a daemon's orphans, a ping) and deletes it. */
  private static void deleteNamespace(String ns) {
    for (String pid : Exec.quiet(IP, "netns", "pids", ns).stdout().split("\\s+")) {
      if (!pid.isBlank()) Exec.quiet("kill", "-KILL", pid);
    }
    Exec.quiet(IP, "netns", "del", ns);
  }

  /**
   * Deletes namespaces (ending the processes in them) and run directories left by earlier test
   * JVMs that no longer run. (An etcd such a JVM started runs on: it is no child of a namespace.)
   */
  private static void sweepLeftovers() {
    for (String line : Exec.quiet(IP, "netns", "list").stdout().split("\n")) {
      String ns = line.split(" ")[0];
      Matcher m = OWN_NS.matcher(ns);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        log.warn("deleting namespace {} left by a test JVM that is gone", ns);
        deleteNamespace(ns);
      }
    }
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      dirs.filter(d -> {
        Matcher m = OWN_NS.matcher(d.getFileName().toString());
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
      }).forEach(Testbed::deleteTree);
    } catch (IOException e) {
      log.warn("cannot list the temporary directory: {}", e.getMessage());
    }
  }

  // ------------------------------------------------------------------ settings and datastore

  public String name() {
    return name;
  }

  /** The BGP port every daemon listens on (BGPConfiguration listenPort must say the same). */
  public int bgpPort() {
    return bgpPort;
  }

  public Testbed bgpPort(int port) {
    this.bgpPort = port;
    return this;
  }

  public Duration routeRefresh() {
    return routeRefresh;
  }

  public Testbed routeRefresh(Duration d) {
    this.routeRefresh = d;
    return this;
  }

  /**
   * Which families the pods get from then on: calico-ipam's {@code assign_ipv4}/{@code assign_ipv6}
   * in the network config the test bed hands the plugin (IPv4 only by default, as Calico's).
   */
  public Testbed podAddressFamilies(boolean ipv4, boolean ipv6) {
    this.assignIpv4 = ipv4;
    this.assignIpv6 = ipv6;
    return this;
  }

  /** The plugin's network config for every pod of this test bed. */
  public ObjectNode cniConf() {
    ObjectNode c = Cni.conf("1.0.0", etcdEndpointForNodes());
    // strings, as Calico's conflists write them
    ((ObjectNode) c.get("ipam"))
        .put("assign_ipv4", Boolean.toString(assignIpv4)).put("assign_ipv6", Boolean.toString(assignIpv6));
    return c;
  }

  /**
   * The network config of containers outside Kubernetes on network {@code network}: named after
   * it, without the {@code policy} section (a config naming a policy type leaves profiles to it).
   */
  public ObjectNode cniConf(String network) {
    ObjectNode c = cniConf();
    c.put("name", network);
    c.remove("policy");
    return c;
  }

  /** The config the runtime hands the plugin for a pod ({@code k8sNamespace} empty: a container outside Kubernetes). */
  private ObjectNode cniConf(String k8sNamespace, String network) {
    return k8sNamespace.isEmpty() ? cniConf(network) : cniConf();
  }

  /** The environment the runtime gives the plugin for a pod ({@code k8sNamespace} empty: a container outside Kubernetes). */
  private static Map<String, String> cniEnv(String command, String containerId, Path netns, String k8sNamespace, String name) {
    return k8sNamespace.isEmpty() ? Cni.env(command, containerId, netns, "eth0")
        : Cni.env(command, containerId, netns, "eth0", k8sNamespace, name);
  }

  /** What the daemons are told: the relay inside the underlay. */
  public String etcdEndpointForNodes() {
    return "http://" + UNDERLAY_GATEWAY_V4.withoutPrefixLength().toCanonicalString() + ":" + ETCD_PORT;
  }

  /** The test's own way to etcd (from the test's namespace, not the nodes'). */
  public String etcdEndpoint() {
    return etcd.endpoint();
  }

  /** The test's own client of the datastore. */
  public EtcdResourceStore datastore() {
    return store;
  }

  /** IPAM as the daemons see it, to check what they allocated and released. */
  public synchronized EtcdIpam ipam() {
    if (ipam == null) {
      ipam = EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ofSeconds(1)));
      cleanup.push(ipam::close);
    }
    return ipam;
  }

  /** Creates or replaces resources written as calicoctl YAML (one or more documents). */
  public List<Resource> apply(String yaml) {
    return ResourceCodec.get().parseAll(yaml).stream().map(r -> (Resource) store.apply(r)).toList();
  }

  /** BGPConfiguration "default" with the node-to-node mesh, our listen port and the mesh's restart time. */
  public Testbed meshBgp(Duration meshRestartTime) {
    return bgpConfiguration(true, "\n  nodeMeshMaxRestartTime: " + meshRestartTime.toSeconds() + "s");
  }

  /** BGPConfiguration "default" without the mesh (peers come from BGPPeers, which carry their own restart time). */
  public Testbed noMeshBgp() {
    return bgpConfiguration(false, "");
  }

  private Testbed bgpConfiguration(boolean mesh, String extra) {
    apply("""
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          nodeToNodeMeshEnabled: %s
          asNumber: 64512
          listenPort: %d%s
        """.formatted(mesh, bgpPort, extra));
    return this;
  }

  public Testbed ipPool(String name, String cidr, int blockSize) {
    return ipPool(name, cidr, blockSize, false);
  }

  /** Creates or replaces the pool; with {@code natOutgoing}, pods' traffic leaving the pools is masqueraded. */
  public Testbed ipPool(String name, String cidr, int blockSize, boolean natOutgoing) {
    apply("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: %s}
        spec: {cidr: %s, blockSize: %d, ipipMode: Never, vxlanMode: Never, natOutgoing: %s}
        """.formatted(name, cidr, blockSize, natOutgoing));
    return this;
  }

  // ------------------------------------------------------------------ nodes

  /** Node number {@code i} (from 1): a namespace on the underlay at 198.18.0.(10+i)/24. */
  public synchronized TestNode addNode(String nodeName) {
    int i = nodes.size() + 1;
    String ns = prefix + "n" + i;
    IPAddress v4 = new IPAddressString("198.18.0." + (10 + i) + "/24").getAddress();
    IPAddress v6 = new IPAddressString("fd00:198:18::" + (10 + i) + "/64").getAddress();
    addNamespace(ns);
    String port = "vn" + i;
    Exec.check(IP, "-n", underlay, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
    Exec.check(IP, "-n", underlay, "link", "set", port, "master", "br0", "up");
    Exec.check(IP, "-n", ns, "addr", "add", v4.toCanonicalString(), "dev", "eth0");
    Exec.check(IP, "-n", ns, "addr", "add", v6.toCanonicalString(), "dev", "eth0", "nodad");
    Exec.check(IP, "-n", ns, "link", "set", "eth0", "up");
    // the default route makes 169.254.1.1 routable through eth0, which proxy ARP on caliX needs
    Exec.check(IP, "-n", ns, "route", "add", "default", "via", UNDERLAY_GATEWAY_V4.withoutPrefixLength().toCanonicalString());
    Exec.check(IP, "-n", ns, "-6", "route", "add", "default", "via", UNDERLAY_GATEWAY_V6.withoutPrefixLength().toCanonicalString());
    TestNode node = new TestNode(this, nodeName, ns, v4, v6, runDir.resolve(nodeName), logDir.resolve(nodeName + ".log"));
    nodes.add(node);
    cleanup.push(node::closeNamespace);
    cleanup.push(node::kill);
    return node;
  }

  /**
   * A host outside the cluster (the internet, an underlay service): a namespace on the underlay
   * bridge at 198.18.0.200/24 and fd00:198:18::200/64, with no route to any pod pool. It
   * reaches the nodes over the shared subnet only; a test that wants it to answer pods' own
   * addresses adds that route itself ({@link ExternalHost#routeVia}).
   */
  public synchronized ExternalHost addExternalHost() {
    String ns = prefix + "x";
    IPAddress v4 = new IPAddressString("198.18.0.200/24").getAddress();
    IPAddress v6 = new IPAddressString("fd00:198:18::200/64").getAddress();
    addNamespace(ns);
    Exec.check(IP, "-n", underlay, "link", "add", "vx", "type", "veth", "peer", "name", "eth0", "netns", ns);
    Exec.check(IP, "-n", underlay, "link", "set", "vx", "master", "br0", "up");
    Exec.check(IP, "-n", ns, "addr", "add", v4.toCanonicalString(), "dev", "eth0");
    Exec.check(IP, "-n", ns, "addr", "add", v6.toCanonicalString(), "dev", "eth0", "nodad");
    Exec.check(IP, "-n", ns, "link", "set", "eth0", "up");
    return new ExternalHost(ns, v4, v6);
  }

  /** A host outside the cluster, see {@link #addExternalHost()}. */
  public record ExternalHost(String netns, IPAddress ipv4, IPAddress ipv6) {
    public Path netnsPath() {
      return Path.of("/run/netns", netns);
    }

    /** Its address of one family (4 or 6), without prefix length. */
    public IPAddress address(int family) {
      return (family == 4 ? ipv4 : ipv6).withoutPrefixLength();
    }

    /** Adds (or, with {@code add} false, removes) a route to {@code prefix} via {@code gateway}. */
    public void routeVia(IPAddress prefix, IPAddress gateway, boolean add) {
      Exec.check(IP, "-n", netns, prefix.isIPv4() ? "-4" : "-6", "route", add ? "replace" : "del",
          prefix.toCanonicalString(), "via", gateway.withoutPrefixLength().toCanonicalString());
    }
  }

  public synchronized List<TestNode> nodes() {
    return List.copyOf(nodes);
  }

  public TestNode node(String nodeName) {
    return nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + nodeName));
  }

  /** Starts every daemon that is not running and waits until all are ready. */
  public Testbed startAll(Duration timeout) {
    nodes().stream().filter(n -> !n.isRunning()).forEach(TestNode::start);
    nodes().forEach(n -> n.awaitReady(timeout));
    return this;
  }

  /** The blocks IPAM has affine to each node (confirmed or not), by node name. */
  public Map<String, List<IPAddress>> blocksByNode() {
    Map<String, List<IPAddress>> out = new TreeMap<>();
    for (AllocationBlock b : ipam().snapshot().blocks().values()) {
      b.host().ifPresent(h -> out.computeIfAbsent(h, k -> new ArrayList<>()).add(b.cidr()));
    }
    return out;
  }

  /**
   * What keeps the routes of {@code among} from being converged, empty when they are: every node
   * blackholes its own blocks and routes every block of the others via that node's address of the
   * block's family, with our protocol (learned over BGP: nothing else installs such routes).
   */
  public List<String> routeProblems(List<TestNode> among) {
    Map<String, List<IPAddress>> blocks = blocksByNode();
    List<String> problems = new ArrayList<>();
    for (TestNode n : among) {
      List<KernelRoute> routes = n.ourRoutes();
      for (IPAddress own : blocks.getOrDefault(n.name(), List.of())) {
        if (routes.stream().noneMatch(r -> r.isBlackhole() && r.destination().equals(own))) {
          problems.add(n.name() + ": no blackhole for its block " + own);
        }
      }
      for (TestNode other : among) {
        if (other == n) continue;
        for (IPAddress block : blocks.getOrDefault(other.name(), List.of())) {
          IPAddress via = other.address(block.isIPv4() ? 4 : 6);
          if (routes.stream().noneMatch(r -> r.destination().equals(block) && r.isLearnedVia(via))) {
            problems.add(n.name() + ": no route " + block + " via " + via.withoutPrefixLength() + " (has " + routes + ")");
          }
        }
      }
    }
    return problems;
  }

  /** Waits until {@link #routeProblems} is empty; the failure names what is still missing. */
  public void awaitRoutesConverged(List<TestNode> among, Duration timeout) {
    Awaitility.await("routes converged among " + among.stream().map(TestNode::name).toList())
        .atMost(timeout).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(routeProblems(among)).isEmpty());
  }

  // ------------------------------------------------------------------ pods

  /** A fresh pod sandbox namespace with lo up (as a runtime's loopback plugin leaves it), deleted on close. */
  public synchronized String newPodNamespace() {
    String ns = prefix + "p" + podCounter.incrementAndGet();
    addNamespace(ns);
    return ns;
  }

  /** A container ID as containerd makes them: 64 hex digits. */
  public static String newContainerId() {
    byte[] id = new byte[32];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  synchronized TestPod addPod(TestNode node, String k8sNamespace, String podName) {
    return attach(node, k8sNamespace, podName, Cni.NETWORK_NAME);
  }

  synchronized TestPod addContainer(TestNode node, String network, String name) {
    return attach(node, "", name, network);
  }

  /** CNI ADD of a new namespace: a Kubernetes pod, or a container outside Kubernetes when {@code k8sNamespace} is empty. */
  private TestPod attach(TestNode node, String k8sNamespace, String podName, String network) {
    String ns = newPodNamespace();
    String containerId = newContainerId();
    Exec.Result add = Cni.invoke(node, "calico", cniEnv("ADD", containerId, Path.of("/run/netns", ns), k8sNamespace, podName),
        cniConf(k8sNamespace, network).toString());
    if (!add.ok()) {
      throw new AssertionError("CNI ADD of " + (k8sNamespace.isEmpty() ? network : k8sNamespace) + "/" + podName
          + " on " + node.name() + " failed: " + add + "\n--- " + node.name() + " log:\n" + node.logTail(30));
    }
    JsonNode result = Cni.json(add.stdout());
    List<IPAddress> ips = new ArrayList<>();
    for (JsonNode ip : result.path("ips")) ips.add(new IPAddressString(ip.path("address").asText()).getAddress());
    String hostIf = "";
    for (JsonNode i : result.path("interfaces")) {
      if (!i.has("sandbox")) hostIf = i.path("name").asText();
    }
    TestPod pod = new TestPod(node, k8sNamespace, podName, containerId, ns, ips, hostIf, add.stdout(), network);
    pods.add(pod);
    return pod;
  }

  /** CNI DEL as the runtime sends it (with prevResult); the pod's namespace is deleted afterwards. */
  public synchronized Exec.Result deletePod(TestPod pod) {
    Exec.Result del = Cni.invoke(pod.node(), "calico",
        cniEnv("DEL", pod.containerId(), pod.netnsPath(), pod.k8sNamespace(), pod.name()),
        Cni.withPrevResult(cniConf(pod.k8sNamespace(), pod.network()), pod.addResult()).toString());
    PodEchoServer echo = echoServers.remove(pod);
    if (echo != null) echo.close();
    deleteNamespace(pod.netns());
    pods.remove(pod);
    return del;
  }

  /**
   * Adds {@code labels} to the pod's WorkloadEndpoint, as Calico's controllers copy a pod's
   * labels there (this test bed has no Kubernetes API for the CNI plugin to read them from).
   */
  public void labelPod(TestPod pod, Map<String, String> labels) {
    String name = WorkloadNames.endpointName(pod.node().name(), WorkloadNames.K8S, pod.name(), "eth0");
    WorkloadEndpoint wep = store.get(ResourceKind.WORKLOAD_ENDPOINT, pod.k8sNamespace(), name)
        .map(WorkloadEndpoint.class::cast).orElseThrow(() -> new AssertionError("no WorkloadEndpoint " + name));
    Map<String, String> all = new TreeMap<>(wep.metadata().labelsOrEmpty());
    all.putAll(labels);
    store.apply(wep.withMetadata(wep.metadata().withLabels(all)));
  }

  public synchronized List<TestPod> pods() {
    return List.copyOf(pods);
  }

  synchronized PodEchoServer echoServer(TestPod pod) {
    return echoServers.computeIfAbsent(pod, p -> {
      PodEchoServer s = PodEchoServer.start(p);
      cleanup.push(s::close);
      return s;
    });
  }

  // ------------------------------------------------------------------ diagnostics and cleanup

  /** The tail of every daemon's log, for a failed test's report. */
  public void printLogs(PrintStream out, int lines) {
    for (TestNode n : nodes()) {
      out.println("----- " + n.name() + " (" + n.logFile() + "), last " + lines + " lines -----");
      out.println(n.logTail(lines));
    }
  }

  /** Ends every daemon, relay and etcd, deletes every namespace and the run directory; the logs stay. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    nodes.parallelStream().forEach(n -> {
      try {
        n.stop(); // SIGTERM first, so the logs end with the daemon's own shutdown
      } catch (RuntimeException e) {
        log.warn("stopping {}: {}", n.name(), e.toString());
      }
    });
    while (!cleanup.isEmpty()) {
      try {
        cleanup.pop().run();
      } catch (RuntimeException e) {
        log.warn("cleaning up test bed {}: {}", name, e.toString());
      }
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", root, e.getMessage());
    }
  }
}
