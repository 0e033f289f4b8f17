package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddress;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.felix.CalicoNodeMain;
import io.jcalico.felix.health.HealthProbe;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import io.jcalico.proto.node.BgpPeersRequest;
import io.jcalico.proto.node.NodeServiceGrpc;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One node of a {@link Testbed}: a network namespace on the underlay, and the node daemon
 * {@code calico-node} run in it as its own process ({@code ip netns exec <ns> java ...
 * CalicoNodeMain}), exactly as it would run on a host. The daemon can be started, stopped
 * (SIGTERM), killed (SIGKILL) and started again; its output is appended to one log file.
 */
public final class TestNode {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int HEALTH_PORT = 9099;

  private final Testbed bed;
  private final String name;
  private final String netns;
  private final IPAddress ipv4;
  private final IPAddress ipv6;
  private final Path runDir;
  private final Path logFile;
  private final List<String> extraArgs = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private NetNamespace namespace;
  private Process daemon;

  TestNode(Testbed bed, String name, String netns, IPAddress ipv4, IPAddress ipv6, Path runDir, Path logFile) {
    this.bed = bed;
    this.name = name;
    this.netns = netns;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.runDir = runDir;
    this.logFile = logFile;
  }

  public String name() {
    return name;
  }

  /** The node's underlay address with its subnet, e.g. 198.18.0.11/24. */
  public IPAddress ipv4() {
    return ipv4;
  }

  public IPAddress ipv6() {
    return ipv6;
  }

  /** The underlay address of a family (4 or 6), with its subnet; null when the node has none. */
  public IPAddress address(int family) {
    return family == 4 ? ipv4 : ipv6;
  }

  public String netns() {
    return netns;
  }

  public Path cniSocket() {
    return runDir.resolve("cni.sock");
  }

  public Path apiSocket() {
    return runDir.resolve("node.sock");
  }

  public Path logFile() {
    return logFile;
  }

  public Testbed testbed() {
    return bed;
  }

  /** Flags added to the daemon's command line from the next start on. */
  public TestNode withArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  /** JVM options added to the daemon's command line from the next start on (a profiler, say). */
  public TestNode withJvmArgs(String... args) {
    jvmArgs.addAll(List.of(args));
    return this;
  }

  synchronized NetNamespace namespace() {
    if (namespace == null) namespace = Rtnetlink.openNamespace(Path.of("/run/netns", netns));
    return namespace;
  }

  // ------------------------------------------------------------------ the daemon process

  /** Starts the daemon (not waiting for it to be ready). */
  public synchronized TestNode start() {
    if (isRunning()) throw new IllegalStateException(name + ": the daemon is already running");
    DaemonJvm jvm = DaemonJvm.get();
    List<String> cmd = new ArrayList<>(List.of(Testbed.IP, "netns", "exec", netns));
    cmd.addAll(jvm.command());
    cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        // wall-clock times (UTC, as the test's own notes) so the logs line up with lost pings
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-Duser.timezone=UTC"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of(
        CalicoNodeMain.class.getName(),
        "--node-name", name,
        "--ip", ipv4.toCanonicalString(),
        "--etcd-endpoints", bed.etcdEndpointForNodes(),
        "--bgp-port", Integer.toString(bed.bgpPort()),
        "--run-dir", runDir.toString(),
        "--health-host", "127.0.0.1",
        "--health-port", Integer.toString(HEALTH_PORT),
        "--default-ipv4-pool", "none",
        "--route-refresh", Long.toString(bed.routeRefresh().toSeconds())));
    if (ipv6 != null) cmd.addAll(List.of("--ip6", ipv6.toCanonicalString()));
    cmd.addAll(extraArgs);
    try {
      Files.createDirectories(runDir);
      Files.writeString(logFile, "=== " + java.time.Instant.now() + " start: " + String.join(" ", cmd.subList(4, cmd.size()))
          .replace(jvm.classPath(), "<classpath>") + "\n", UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      daemon = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the daemon of " + name, e);
    }
    return this;
  }

  /** Waits until {@code /readiness} answers 200; fails early, with the log, if the daemon exits. */
  public TestNode awaitReady(Duration timeout) {
    Awaitility.await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!isRunning()) throw new AssertionError(name + ": the daemon exited with " + exitCode() + "\n" + logTail(40));
      return httpGet("/readiness").startsWith("200");
    });
    return this;
  }

  public synchronized boolean isRunning() {
    return daemon != null && daemon.isAlive();
  }

  private synchronized int exitCode() {
    return daemon == null || daemon.isAlive() ? -1 : daemon.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, the kernel state and the sockets stay as they were. */
  public synchronized void kill() {
    if (!isRunning()) return;
    daemon.destroyForcibly();
    waitExit(Duration.ofSeconds(10));
    log("killed (SIGKILL)");
  }

  /** SIGTERM: the daemon closes its sessions and components; SIGKILL if it has not exited in 15 s. */
  public synchronized void stop() {
    if (!isRunning()) return;
    daemon.destroy();
    if (!waitExit(Duration.ofSeconds(15))) {
      daemon.destroyForcibly();
      waitExit(Duration.ofSeconds(10));
    }
    log("stopped (SIGTERM), exit " + exitCode());
  }

  private boolean waitExit(Duration d) {
    try {
      return daemon.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void log(String line) {
    try {
      Files.writeString(logFile, "=== " + java.time.Instant.now() + " " + line + "\n", UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is a diagnostic only
    }
  }

  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + logFile + ")";
    }
  }

  // ------------------------------------------------------------------ observing the node

  /** GET on the node's health server (inside its namespace): "200 ok..." or "503 ...", or "down: ...". */
  public String httpGet(String path) {
    return HealthProbe.get(namespace(), new InetSocketAddress("127.0.0.1", HEALTH_PORT), path);
  }

  /** Every route of the node's main table, IPv4 or IPv6. */
  public List<KernelRoute> routes(int family) {
    String out = Exec.check(Testbed.IP, "-j", family == 6 ? "-6" : "-4", "-n", netns, "route", "show");
    try {
      List<KernelRoute> routes = new ArrayList<>();
      JsonNode arr = JSON.readTree(out.isBlank() ? "[]" : out);
      arr.forEach(r -> routes.add(KernelRoute.of(r)));
      return routes;
    } catch (IOException e) {
      throw new AssertionError("ip printed no JSON: " + out, e);
    }
  }

  /** The routes the daemon owns (protocol 80), IPv4 and IPv6: blackholes of own blocks, learned blocks, pod /32s and /128s. */
  public List<KernelRoute> ourRoutes() {
    List<KernelRoute> all = new ArrayList<>(routes(4));
    if (ipv6 != null) all.addAll(routes(6));
    return all.stream().filter(KernelRoute::isOurs).toList();
  }

  /** The BGP sessions as the daemon reports them over its node API socket. */
  public List<PeerStatus> bgpPeers() {
    EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    ManagedChannel ch = NettyChannelBuilder.forAddress(new DomainSocketAddress(apiSocket().toString()))
        .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
    try {
      return NodeServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .bgpPeers(BgpPeersRequest.getDefaultInstance()).getPeersList();
    } finally {
      ch.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Waits until the daemon's sessions are exactly one per address (IPv4 and IPv6) of each of
   * {@code peers}, all established; returns them.
   */
  public List<PeerStatus> awaitSessionsWith(List<TestNode> peers, Duration timeout) {
    List<String> expected = new ArrayList<>();
    for (TestNode o : peers) {
      expected.add(o.ipv4().withoutPrefixLength().toCanonicalString());
      if (o.ipv6() != null && ipv6 != null) expected.add(o.ipv6().withoutPrefixLength().toCanonicalString());
    }
    List<List<PeerStatus>> last = new ArrayList<>(List.of(List.of()));
    Awaitility.await(name + " sessions with " + peers.stream().map(TestNode::name).toList())
        .atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          List<PeerStatus> now = bgpPeers();
          last.set(0, now);
          org.assertj.core.api.Assertions.assertThat(now).extracting(p -> p.getConfig().getAddress())
              .containsExactlyInAnyOrderElementsOf(expected);
          org.assertj.core.api.Assertions.assertThat(now).allSatisfy(p -> org.assertj.core.api.Assertions
              .assertThat(p.getState()).as(p.getConfig().getAddress() + " " + p.getLastError()).isEqualTo(SessionState.ESTABLISHED));
        });
    return last.get(0);
  }

  // ------------------------------------------------------------------ pods

  /** Creates a pod namespace and attaches it with the real CNI plugin, as a runtime does. */
  public TestPod addPod(String k8sNamespace, String podName) {
    return bed.addPod(this, k8sNamespace, podName);
  }

  /**
   * Creates a container namespace and attaches it outside Kubernetes with the real CNI plugin, on
   * a network config of its own named {@code network}; {@code name} is only the test's.
   */
  public TestPod addContainer(String network, String name) {
    return bed.addContainer(this, network, name);
  }

  synchronized void closeNamespace() {
    if (namespace != null) {
      namespace.close();
      namespace = null;
    }
  }

  @Override
  public String toString() {
    return name + " (" + ipv4 + " in netns " + netns + ")";
  }
}
