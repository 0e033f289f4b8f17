package io.jcalico.lab.runner;

import io.jcalico.bgp.routers.DaemonProcess;
import io.jcalico.felix.CalicoNodeMain;
import io.jcalico.felix.health.HealthProbe;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.shim.CommandRunner.Output;
import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.routers.RouterNode;
import io.jcalico.lab.runner.LabState.ProcessRecord;
import io.jcalico.lab.topology.Node;
import io.jcalico.lab.topology.NodeKind;
import io.jcalico.lab.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starts what one node runs, in its namespace, by kind:
 * <ul>
 *   <li>{@code linux}: its {@code cmd} as the main process if given, then its {@code exec}
 *       commands in order (as containerlab runs them once the container is up); a command still
 *       running after {@link #EXEC_WAIT} is left running, like a daemon;
 *   <li>a router ({@code bird}, {@code frr}, {@code gobgp} or a {@code linux} node with such an
 *       image): forwarding on, its daemons from its own configuration ({@link RouterNode}), then,
 *       once they answer, its {@code exec} commands;
 *   <li>{@code calico-node}: forwarding on, its {@code exec} commands first (they give the node
 *       the address it announces), then the node daemon, waited on until {@code /readiness} says 200.
 * </ul>
 * Every process is started detached ({@code setsid}, no tie to this JVM), so the lab outlives the
 * command that deployed it; {@code destroy} ends them by namespace.
 */
final class NodeLauncher {
  static final Duration EXEC_WAIT = Duration.ofSeconds(10);
  static final Duration ROUTER_READY = Duration.ofSeconds(30);
  static final Duration CALICO_READY = Duration.ofSeconds(180);
  static final int HEALTH_PORT = 9099;
  static final String MAIN_CLASS = CalicoNodeMain.class.getName();

  private final Topology topology;
  private final Node node;
  private final String netns;
  private final Path dir;
  private final String etcdEndpoint;
  private final PrintStream out;
  private final List<ProcessRecord> processes = new ArrayList<>();

  NodeLauncher(Topology topology, Node node, Path dir, String etcdEndpoint, PrintStream out) {
    this.topology = topology;
    this.node = node;
    this.netns = topology.namespaceOf(node.name());
    this.dir = dir;
    this.etcdEndpoint = etcdEndpoint;
    this.out = out;
  }

  /** The processes started so far (for the lab state). */
  synchronized List<ProcessRecord> processes() {
    return List.copyOf(processes);
  }

  /** Sysctls of the node: forwarding for what routes, then the topology's own. */
  void applySysctls() {
    if (node.kind().isRouter() || node.kind() == NodeKind.CALICO_NODE) {
      Namespaces.sysctl(netns, "net.ipv4.ip_forward", "1");
      Namespaces.sysctl(netns, "net.ipv6.conf.all.forwarding", "1");
    }
    node.sysctls().forEach((k, v) -> Namespaces.sysctl(netns, k, v));
  }

  /** Starts the node and returns once it is ready. */
  void start() {
    createDir();
    switch (node.kind()) {
      case LINUX -> {
        node.cmd().ifPresent(c -> daemon("cmd", List.of("sh", "-c", c), Map.of()));
        runExecs();
      }
      case BIRD, FRR, GOBGP -> startRouter();
      case CALICO_NODE -> {
        runExecs();
        startCalicoNode();
      }
      case BRIDGE -> { }
    }
  }

  private void createDir() {
    try {
      Files.createDirectories(dir.resolve("bin"));
      // FRR's daemons drop to the frr user and write pid files and sockets here
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ routers

  private void startRouter() {
    RouterNode router = RouterNode.of(node, dir);
    router.cliWrappers().forEach((name, script) -> write(dir.resolve("bin").resolve(name), script, true));
    for (RouterNode.Daemon d : router.daemons()) {
      daemon(d.name(), d.argv(), Map.of());
    }
    String first = router.daemons().get(0).name();
    await(node.name() + " (" + node.kind().kindName() + ") answering " + String.join(" ", router.probe()), ROUTER_READY, () -> {
      if (processes().stream().noneMatch(ProcessRecord::alive)) { // a bad configuration: fail now, not at the timeout
        Path log = dir.resolve(first + ".log");
        throw new LabException(node.name() + ": " + first + " exited; " + log + " ends:\n" + tail(log, 20));
      }
      return Namespaces.exec(netns, router.probe()).ok();
    });
    runExecs();
  }

  // ------------------------------------------------------------------ calico-node

  /** The environment calico-node reads (as its container gets it): ours first, the topology's winning. */
  Map<String, String> calicoEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NODENAME", node.name());
    env.put("ETCD_ENDPOINTS", etcdEndpoint);
    env.put("CALICO_RUN_DIR", dir.resolve("run").toString());
    env.put("IP", node.mgmtIpv4().orElseThrow().toCanonicalString());
    env.put("CALICO_IPV4POOL_CIDR", "none"); // Calico's default pool (192.168.0.0/16) is outside the lab plan
    env.put("FELIX_HEALTHHOST", "127.0.0.1");
    env.put("FELIX_HEALTHPORT", Integer.toString(HEALTH_PORT));
    env.putAll(node.env());
    return env;
  }

  private void startCalicoNode() {
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // small, quickly started JVMs: a lab runs several on two cores
        "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-Duser.timezone=UTC",
        "-cp", System.getProperty("java.class.path"), MAIN_CLASS));
    daemon("calico-node", java, calicoEnv());
    try (NetNamespace ns = Rtnetlink.openNamespace(Path.of("/run/netns", netns))) {
      InetSocketAddress health = new InetSocketAddress("127.0.0.1", HEALTH_PORT);
      await(node.name() + " (calico-node) ready", CALICO_READY, () -> {
        if (processes().stream().noneMatch(ProcessRecord::alive)) {
          throw new LabException(node.name() + ": calico-node exited; its log " + dir.resolve("calico-node.log") + " ends:\n"
              + tail(dir.resolve("calico-node.log"), 30));
        }
        return HealthProbe.get(ns, health, "/readiness").startsWith("200");
      });
    }
  }

  // ------------------------------------------------------------------ exec, processes

  /** The environment of commands run in the node: its CLI wrappers first on the PATH, calico-node's settings. */
  Map<String, String> execEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    String home = System.getenv("JCALICO_HOME");
    env.put("PATH", dir.resolve("bin") + (home == null ? "" : ":" + home + "/bin") + ":" + System.getenv("PATH"));
    if (node.kind() == NodeKind.CALICO_NODE) {
      Map<String, String> calico = calicoEnv();
      for (String k : List.of("NODENAME", "ETCD_ENDPOINTS", "CALICO_RUN_DIR")) {
        env.put(k, calico.get(k));
      }
    }
    node.env().forEach(env::putIfAbsent);
    return env;
  }

  private void runExecs() {
    for (String cmd : node.exec()) {
      Process p = startInNamespace(List.of("sh", "-c", cmd), execEnv(), dir.resolve("exec.log"));
      boolean done;
      try {
        done = p.waitFor(EXEC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted running exec on " + node.name());
      }
      if (!done) {
        record("exec", p.pid());
        out.printf("%s: exec \"%s\" still runs after %d s; left running (pid %d)%n", node.name(), cmd, EXEC_WAIT.toSeconds(), p.pid());
      } else if (p.exitValue() != 0) {
        throw new LabException(node.name() + ": exec \"" + cmd + "\" exited " + p.exitValue() + ":\n"
            + tail(dir.resolve("exec.log"), 10));
      } else {
        out.printf("%s: exec \"%s\"%n", node.name(), cmd);
      }
    }
  }

  /** Runs a command in the node as {@code lab exec} does and returns its output. */
  Output exec(List<String> argv) {
    List<String> full = new ArrayList<>(List.of("env"));
    execEnv().forEach((k, v) -> full.add(k + "=" + v));
    full.addAll(argv);
    return Namespaces.exec(netns, full);
  }

  private Process startInNamespace(List<String> argv, Map<String, String> env, Path log) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns, "setsid", "env"));
    env.forEach((k, v) -> full.add(k + "=" + v));
    full.addAll(argv);
    try {
      return new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new LabException(node.name() + ": cannot run " + argv + ": " + e.getMessage(), e);
    }
  }

  /** A long-running process of the node, output to {@code <name>.log} in the node's directory, left to outlive us. */
  private void daemon(String name, List<String> argv, Map<String, String> env) {
    DaemonProcess p = new DaemonProcess(name, Optional.of(netns), dir);
    List<String> full = new ArrayList<>(List.of("setsid", "env"));
    env.forEach((k, v) -> full.add(k + "=" + v));
    full.addAll(argv);
    p.start(full);
    p.detach();
    record(name, p.pid());
  }

  private synchronized void record(String name, long pid) {
    processes.add(ProcessRecord.of(name, pid));
  }

  private static void await(String what, Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new LabException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted waiting for " + what);
      }
    }
  }

  private static void write(Path file, String text, boolean executable) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      if (executable) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }
}
