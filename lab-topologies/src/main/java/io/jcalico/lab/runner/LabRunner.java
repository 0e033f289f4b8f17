package io.jcalico.lab.runner;

import io.jcalico.bgp.routers.DaemonProcess;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Route;
import io.jcalico.calicoctl.output.BoxTable;
import io.jcalico.felix.health.HealthProbe;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.shim.CommandRunner.Output;
import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.routers.RouterNode;
import io.jcalico.lab.runner.LabState.NodeRecord;
import io.jcalico.lab.runner.LabState.ProcessRecord;
import io.jcalico.lab.topology.Link;
import io.jcalico.lab.topology.Node;
import io.jcalico.lab.topology.NodeKind;
import io.jcalico.lab.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Builds a {@link Topology} on network namespaces and veth pairs, the way containerlab builds it
 * on containers, and takes it down again.
 *
 * <pre>
 *   lab namespace clab-&lt;lab&gt;: bridge mgmt0 198.18.0.1/24 (mgmt.ipv4-subnet), etcd on :2379
 *     │ m1            │ m2              ...
 *   eth0 198.18.0.2  eth0 198.18.0.3        node namespaces clab-&lt;lab&gt;-&lt;node&gt;, default route via mgmt0
 *   node a ──eth1────eth1── node b          one veth pair per link, the interface names the link gives
 * </pre>
 *
 * Everything is found again by name: the namespaces are named after the lab and its nodes, and
 * {@code <runtime dir>/<lab>/state.json} lists what was made (kept current while deploying), so
 * {@link #destroy} from another process removes every namespace (and with it every veth) and ends
 * every process, also after a deploy that failed half way.
 *
 * <p>Deploy, destroy and pod add/del hold the lab's {@link LabLock} while they run: a second one
 * waits (up to the lock timeout, then fails having changed nothing), so two commands never
 * interleave. Readers (inspect, exec, pod list) take no lock: {@code state.json} is replaced
 * whole by a rename, so they see the state before or after a change, never half of it.
 */
public final class LabRunner {
  /** Where labs keep their state, run directories, logs and etcd data. */
  public static final Path DEFAULT_RUNTIME_DIR = Path.of("/var/run/jcalico-lab");
  static final int ETCD_PORT = 2379;
  static final String MGMT_BRIDGE = "mgmt0";
  private static final Duration ETCD_READY = Duration.ofSeconds(30);
  /**
   * How long a changing command waits for another one on the same lab: longer than the largest
   * lab here takes to deploy under load, so a command queued behind a deploy does not give up.
   */
  public static final long DEFAULT_LOCK_TIMEOUT_SECONDS = 120;
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(DEFAULT_LOCK_TIMEOUT_SECONDS);

  private final Path runtimeDir;
  private final PrintStream out;
  private final PrintStream err;
  private final Duration lockTimeout;

  public LabRunner(Path runtimeDir, PrintStream out) {
    this(runtimeDir, out, System.err, DEFAULT_LOCK_TIMEOUT);
  }

  /** {@code err} gets the one "waiting for the lock" line, so {@code out} stays what the command prints. */
  public LabRunner(Path runtimeDir, PrintStream out, PrintStream err, Duration lockTimeout) {
    this.runtimeDir = runtimeDir;
    this.out = out;
    this.err = err;
    this.lockTimeout = lockTimeout;
  }

  public Path labDir(String lab) {
    return runtimeDir.resolve(lab);
  }

  public Path nodeDir(String lab, String node) {
    return labDir(lab).resolve(node);
  }

  private Path stateFile(String lab) {
    return labDir(lab).resolve("state.json");
  }

  public Optional<LabState> state(String lab) {
    return LabState.load(stateFile(lab));
  }

  /** Beside the lab directory, which destroy deletes: see {@link LabLock}. */
  public Path lockFile(String lab) {
    return runtimeDir.resolve(lab + ".lock");
  }

  /**
   * Takes the lab's exclusive lock for a command that changes it ({@code verb}, e.g. {@code "pod add"},
   * and its arguments name the command to those who wait), waiting up to the lock timeout.
   */
  public LabLock lock(Topology t, String verb, String... args) {
    String command = String.join(" ", Stream.concat(Stream.of("lab", verb, t.file().toString()), Stream.of(args)).toList());
    return LabLock.acquire(lockFile(t.name()), t.name(), command, lockTimeout, err);
  }

  /** The command that holds the lab's lock now, if one does (inspect shows it: the lab is changing). */
  public Optional<LabLock.Holder> lockHolder(String lab) {
    return LabLock.holder(lockFile(lab));
  }

  // ------------------------------------------------------------------ deploy

  /**
   * Builds the lab and returns once every node is up (routers answering, calico-node ready).
   * On failure, whatever was made is destroyed before the exception goes on.
   */
  public LabState deploy(Topology t) {
    return deploy(t, false);
  }

  /**
   * {@link #deploy(Topology)}; a lab that is already there (its state or any of its namespaces)
   * is refused, as containerlab refuses existing containers, unless {@code reconfigure}: then it
   * is destroyed first, under the same lock, so no other command sees it half gone.
   */
  public LabState deploy(Topology t, boolean reconfigure) {
    try (LabLock lock = lock(t, "deploy", reconfigure ? new String[] {"--reconfigure"} : new String[0])) {
      long started = System.nanoTime();
      t.warnings().forEach(w -> out.println("WARN " + w));
      if (reconfigure) {
        removeAll(t);
      }
      List<String> present = allNamespaces(t).stream().filter(Namespaces::exists).toList();
      if (Files.exists(stateFile(t.name())) || !present.isEmpty()) {
        throw new LabException("lab " + t.name() + " is already deployed" + (present.isEmpty() ? "" : " (namespaces " + present + ")")
            + "; destroy it first (lab destroy " + t.file() + ") or deploy it anew (lab deploy --reconfigure " + t.file() + ")");
      }
      LabState state = LabState.empty(t.name(), t.file(), t.mgmtNamespace());
      try {
        build(t, state);
      } catch (RuntimeException | Error e) {
        out.println("deploy of " + t.name() + " failed: " + e.getMessage());
        out.println("removing what was made");
        removeAll(t);
        throw e;
      }
      out.printf("lab %s deployed in %.1f s%n", t.name(), (System.nanoTime() - started) / 1e9);
      return state(t.name()).orElseThrow();
    }
  }

  private void build(Topology t, LabState state) {
    Path stateFile = stateFile(t.name());
    String mgmtNs = t.mgmtNamespace();
    addNamespace(state, mgmtNs, stateFile);
    Namespaces.run("ip", "-n", mgmtNs, "link", "add", MGMT_BRIDGE, "type", "bridge");
    Namespaces.run("ip", "-n", mgmtNs, "addr", "add", t.mgmt().ipv4Gateway().toCanonicalString(), "dev", MGMT_BRIDGE);
    Namespaces.run("ip", "-n", mgmtNs, "addr", "add", t.mgmt().ipv6Gateway().toCanonicalString(), "dev", MGMT_BRIDGE, "nodad");
    Namespaces.run("ip", "-n", mgmtNs, "link", "set", MGMT_BRIDGE, "up");

    int port = 0;
    for (Node n : t.nodes().values()) {
      String ns = t.namespaceOf(n.name());
      addNamespace(state, ns, stateFile);
      if (n.kind() == NodeKind.BRIDGE) {
        Namespaces.run("ip", "-n", ns, "link", "add", bridgeName(n), "type", "bridge");
        Namespaces.run("ip", "-n", ns, "link", "set", bridgeName(n), "up");
      } else {
        attachMgmt(t, n, ns, "m" + ++port);
      }
      state.nodes().put(n.name(), record(t, n, List.of()));
    }
    state.save(stateFile);
    for (Link l : t.links()) {
      state.links().add(l.toString());
      Namespaces.veth(t.namespaceOf(l.a().node()), l.a().iface(), t.namespaceOf(l.b().node()), l.b().iface(), l.mtu());
      for (var end : List.of(l.a(), l.b())) {
        Node n = t.node(end.node());
        if (n.kind() == NodeKind.BRIDGE) {
          Namespaces.run("ip", "-n", t.namespaceOf(n.name()), "link", "set", end.iface(), "master", bridgeName(n));
        }
      }
    }
    state.save(stateFile);
    out.printf("lab %s: %d namespaces, %d links%n", t.name(), state.namespaces().size(), t.links().size());

    String etcdEndpoint = null;
    if (t.needsEtcd()) {
      state = startEtcd(t, state);
      etcdEndpoint = state.etcdEndpoint();
      applyResources(t);
    }
    Map<String, NodeLauncher> launchers = new LinkedHashMap<>();
    for (Node n : t.nodes().values()) {
      NodeLauncher l = new NodeLauncher(t, n, nodeDir(t.name(), n.name()), etcdEndpoint, out);
      l.applySysctls();
      launchers.put(n.name(), l);
    }
    startAll(t, state, launchers);
  }

  private void addNamespace(LabState state, String ns, Path stateFile) {
    state.namespaces().add(ns); // before it exists: a failure half way still gets it deleted
    state.save(stateFile);
    Namespaces.add(ns);
  }

  /** The node's eth0 on the management bridge, its address and a default route via the gateway, as in containerlab. */
  private static void attachMgmt(Topology t, Node n, String ns, String port) {
    String mgmtNs = t.mgmtNamespace();
    Namespaces.run("ip", "-n", mgmtNs, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
    Namespaces.run("ip", "-n", mgmtNs, "link", "set", port, "master", MGMT_BRIDGE, "up");
    Namespaces.run("ip", "-n", ns, "addr", "add", n.mgmtIpv4().orElseThrow().toCanonicalString(), "dev", "eth0");
    Namespaces.run("ip", "-n", ns, "addr", "add", n.mgmtIpv6().orElseThrow().toCanonicalString(), "dev", "eth0", "nodad");
    Namespaces.run("ip", "-n", ns, "link", "set", "eth0", "up");
    Namespaces.run("ip", "-n", ns, "route", "add", "default", "via", t.mgmt().ipv4Gateway().withoutPrefixLength().toCanonicalString());
    Namespaces.run("ip", "-n", ns, "-6", "route", "add", "default", "via",
        t.mgmt().ipv6Gateway().withoutPrefixLength().toCanonicalString());
  }

  /** A bridge node's bridge: named after the node when that is a valid interface name. */
  static String bridgeName(Node n) {
    return n.name().length() <= 15 ? n.name() : "br0";
  }

  private NodeRecord record(Topology t, Node n, List<ProcessRecord> processes) {
    return new NodeRecord(n.name(), n.kindName(), n.image().orElse(n.kind() == NodeKind.LINUX ? "" : "(host " + n.kind().kindName() + ")"),
        t.namespaceOf(n.name()), n.mgmtIpv4().map(a -> a.toCanonicalString()).orElse(""),
        n.mgmtIpv6().map(a -> a.toCanonicalString()).orElse(""), nodeDir(t.name(), n.name()).toString(), processes);
  }

  /** The lab's one etcd, in the lab namespace: on the management gateway for the nodes, on its loopback for us. */
  private LabState startEtcd(Topology t, LabState before) {
    String gw = t.mgmt().ipv4Gateway().withoutPrefixLength().toCanonicalString();
    Path dir = labDir(t.name()).resolve("etcd");
    DaemonProcess etcd = new DaemonProcess("etcd", Optional.of(t.mgmtNamespace()), dir);
    String peer = "http://127.0.0.1:" + (ETCD_PORT + 1);
    String endpoint = "http://" + gw + ":" + ETCD_PORT;
    etcd.start(List.of("setsid", etcdBinary(), "--name", t.name(), "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", endpoint + ",http://127.0.0.1:" + ETCD_PORT, "--advertise-client-urls", endpoint,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", t.name() + "=" + peer,
        "--initial-cluster-state", "new", "--log-level", "warn", "--logger", "zap"));
    etcd.detach();
    ProcessRecord rec = ProcessRecord.of("etcd", etcd.pid());
    LabState state = before.withEtcd(endpoint, rec);
    state.save(stateFile(t.name()));
    try (NetNamespace ns = Rtnetlink.openNamespace(Path.of("/run/netns", t.mgmtNamespace()))) {
      long deadline = System.nanoTime() + ETCD_READY.toNanos();
      InetSocketAddress local = new InetSocketAddress("127.0.0.1", ETCD_PORT);
      while (!HealthProbe.get(ns, local, "/health").startsWith("200")) {
        if (!rec.alive() || System.nanoTime() > deadline) {
          throw new LabException("etcd did not start; its log " + etcd.logFile() + " ends:\n" + NodeLauncher.tail(etcd.logFile(), 20));
        }
        sleep(100);
      }
    }
    out.println("etcd ready at " + endpoint + " (in namespace " + t.mgmtNamespace() + ")");
    return state;
  }

  private static String etcdBinary() {
    String env = System.getenv("ETCD_BINARY");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    return Stream.of("/usr/bin/etcd", "/usr/local/bin/etcd").filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new LabException("the lab has calico-node nodes, which need etcd: install etcd-server"));
  }

  /** The topology's Calico resources, then the topology labels of each calico-node node onto its Node resource. */
  private void applyResources(Topology t) {
    try (LabDatastore ds = LabDatastore.open(t.mgmtNamespace(), ETCD_PORT)) {
      for (Path f : t.calicoResources()) {
        int n = ds.applyFile(f).size();
        out.printf("applied %d resource(s) from %s%n", n, t.file().getParent().relativize(f));
      }
      for (Node n : t.nodesOf(NodeKind.CALICO_NODE)) {
        if (!n.labels().isEmpty()) {
          ds.labelNode(n.name(), n.labels());
        }
      }
    }
  }

  /** Every node at once (calico-node JVMs take seconds to start); the state lists each node's processes. */
  private void startAll(Topology t, LabState state, Map<String, NodeLauncher> launchers) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, launchers.size()));
    try {
      Map<String, Future<?>> started = new LinkedHashMap<>();
      launchers.forEach((name, l) -> started.put(name, pool.submit(l::start)));
      RuntimeException failure = null;
      for (Map.Entry<String, Future<?>> e : started.entrySet()) {
        try {
          e.getValue().get();
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause();
          if (failure == null) {
            failure = cause instanceof RuntimeException r ? r : new LabException(e.getKey() + ": " + cause, cause);
          }
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          failure = new LabException("interrupted");
        }
      }
      synchronized (state) {
        launchers.forEach((name, l) -> state.nodes().put(name, record(t, t.node(name), l.processes())));
        state.save(stateFile(t.name()));
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ destroy

  /**
   * Ends every process in the lab's namespaces and deletes them (with their veths) and the lab's
   * directory; pods' namespaces too. Works from the state file when there is one and from the
   * topology's names otherwise. Returns the number of namespaces deleted. A deploy or pod
   * command running on the lab is waited for (up to the lock timeout).
   */
  public int destroy(Topology t) {
    try (LabLock lock = lock(t, "destroy")) {
      return removeAll(t);
    }
  }

  /** {@link #destroy} under a lock already held. */
  private int removeAll(Topology t) {
    Set<String> names = new LinkedHashSet<>();
    state(t.name()).ifPresent(s -> {
      s.pods().values().forEach(p -> names.add(p.netns()));
      names.addAll(s.namespaces());
    });
    names.addAll(allNamespaces(t));
    // node namespaces first: their daemons stop talking to etcd before it goes
    List<String> ordered = new ArrayList<>(names);
    ordered.sort(Comparator.comparing((String n) -> n.equals(t.mgmtNamespace())));
    int deleted = 0;
    int processes = 0;
    for (String ns : ordered) {
      if (Namespaces.exists(ns)) {
        processes += Namespaces.delete(ns, 3000);
        deleted++;
      }
    }
    deleteTree(labDir(t.name()));
    out.printf("lab %s destroyed: %d namespaces, %d processes%n", t.name(), deleted, processes);
    return deleted;
  }

  /** The namespaces a topology's names give: the lab's own, each node's, and pods found under a node's prefix. */
  private static List<String> allNamespaces(Topology t) {
    List<String> names = new ArrayList<>();
    List<String> existing = Namespaces.list();
    for (Node n : t.nodes().values()) {
      String ns = t.namespaceOf(n.name());
      existing.stream().filter(e -> e.startsWith(ns + Pods.SEPARATOR)).forEach(names::add);
      names.add(ns);
    }
    names.add(t.mgmtNamespace());
    return names;
  }

  // ------------------------------------------------------------------ inspect, exec

  /** One row of {@code inspect}. */
  public record NodeStatus(String name, String namespace, String kind, String image, String state, String ipv4,
      String ipv6, String pids) {}

  /** Every node of the lab (from its state, else from the topology) with whether it runs. */
  public List<NodeStatus> inspect(Topology t) {
    Optional<LabState> state = state(t.name());
    List<NodeStatus> rows = new ArrayList<>();
    for (Node n : t.nodes().values()) {
      NodeRecord r = state.map(s -> s.nodes().get(n.name())).orElse(null);
      String ns = t.namespaceOf(n.name());
      String st;
      String pids = "";
      if (!Namespaces.exists(ns)) {
        st = "absent";
      } else if (r == null || r.processes().isEmpty()) {
        st = "running";
      } else {
        List<ProcessRecord> alive = r.processes().stream().filter(ProcessRecord::alive).toList();
        st = alive.size() == r.processes().size() ? "running" : alive.isEmpty() ? "exited" : "degraded";
        pids = String.join(",", r.processes().stream().map(p -> Long.toString(p.pid())).toList());
      }
      rows.add(new NodeStatus(n.name(), ns, n.kindName(), r != null ? r.image() : n.image().orElse(""), st,
          n.mgmtIpv4().map(a -> a.toCanonicalString()).orElse(""), n.mgmtIpv6().map(a -> a.toCanonicalString()).orElse(""),
          pids));
    }
    return rows;
  }

  /** The inspect rows as a boxed table, as containerlab prints its containers. */
  public static String table(List<NodeStatus> rows) {
    List<List<String>> cells = new ArrayList<>();
    int i = 0;
    for (NodeStatus r : rows) {
      cells.add(List.of(Integer.toString(++i), r.namespace(), r.kind(), r.image(), r.state(), r.ipv4(), r.ipv6(), r.pids()));
    }
    return BoxTable.render(List.of("#", "Name", "Kind", "Image", "State", "IPv4 Address", "IPv6 Address", "PID"), cells);
  }

  /** Runs a command inside a node, with the node's CLI wrappers on the PATH (and calico-node's settings), and returns its output. */
  public Output exec(Topology t, String node, List<String> argv) {
    return launcher(t, node).exec(argv);
  }

  /** The argv that runs {@code argv} inside the node as {@link #exec} does, for a caller that wants the terminal. */
  public List<String> execCommand(Topology t, String node, List<String> argv) {
    NodeLauncher l = launcher(t, node);
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", t.namespaceOf(node), "env"));
    l.execEnv().forEach((k, v) -> full.add(k + "=" + v));
    full.addAll(argv);
    return full;
  }

  private NodeLauncher launcher(Topology t, String node) {
    Node n = t.node(node);
    if (!Namespaces.exists(t.namespaceOf(node))) {
      throw new LabException("node " + node + " of lab " + t.name() + " is not deployed (no namespace " + t.namespaceOf(node) + ")");
    }
    String etcd = state(t.name()).flatMap(LabState::etcd).orElse("");
    return new NodeLauncher(t, n, nodeDir(t.name(), node), etcd, out);
  }

  /**
   * The routes a router node holds (BIRD's table, FRR's or GoBGP's BGP table), read through its
   * CLI inside the node and parsed as the interop tests parse them.
   */
  public List<Route> routerRoutes(Topology t, String node, Family family) {
    Node n = t.node(node);
    if (!n.kind().isRouter()) {
      throw new LabException(node + " is not a router node");
    }
    RouterNode router = RouterNode.of(n, nodeDir(t.name(), node));
    return router.routesParser().apply(Namespaces.exec(t.namespaceOf(node), router.routesCommand().apply(family)).orThrow().stdout());
  }

  /** A connection to the lab's etcd through a relay into its namespace; close it when done. */
  public LabDatastore datastore(Topology t) {
    if (!t.needsEtcd() || !Namespaces.exists(t.mgmtNamespace())) {
      throw new LabException("lab " + t.name() + " has no etcd running (no calico-node node, or not deployed)");
    }
    return LabDatastore.open(t.mgmtNamespace(), ETCD_PORT);
  }

  /** Pods on the lab's calico-node nodes, attached through the CNI plugin. */
  public Pods pods(Topology t) {
    return new Pods(this, t);
  }

  /** A read-modify-write of the state; the caller holds the lab's lock, so no other process writes in between. */
  synchronized void updateState(String lab, java.util.function.Consumer<LabState> change) {
    if (!LabLock.heldByCurrentThread(lockFile(lab))) {
      throw new IllegalStateException("the state of lab " + lab + " is changed only under its lock");
    }
    LabState s = state(lab).orElseThrow(() -> new LabException("lab " + lab + " is not deployed"));
    change.accept(s);
    s.save(stateFile(lab));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
