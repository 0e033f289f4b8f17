package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniFixtures.calicoConf;
import static io.jcalico.felix.cni.CniFixtures.env;
import static io.jcalico.felix.cni.CniFixtures.with;
import static io.jcalico.felix.cni.CniFixtures.withPrevResult;
import static io.jcalico.felix.cni.CniFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.cni.CniFixtures.Daemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native executables invoked exactly as a container runtime invokes a plugin (a clean
 * environment with CNI_*, the config on stdin, output and exit code read back), talking to the
 * daemon's socket server.
 */
class NativeClientRuntimeInvocationTest {
  private static Path binDir;

  @TempDir
  Path dir;
  private Path socket;
  private Daemon daemon;
  private final List<CniInvocation> seen = new CopyOnWriteArrayList<>();
  private CniSocketServer server;

  /** The build puts the executables in target/cni-bin; outside Maven build them the same way. */
  @BeforeAll
  static void executables(@TempDir Path tmp) throws Exception {
    binDir = Path.of("target", "cni-bin");
    if (!Files.isExecutable(binDir.resolve("calico"))) {
      binDir = tmp;
      Process p = new ProcessBuilder("sh", "src/main/c/build.sh", tmp.toString()).inheritIO().start();
      assertThat(p.waitFor()).isZero();
    }
    assertThat(binDir.resolve("calico")).isExecutable();
    assertThat(binDir.resolve("calico-ipam")).isExecutable();
  }

  @BeforeEach
  void start() throws IOException {
    socket = dir.resolve("cni.sock");
    daemon = Daemon.create();
    server = CniSocketServer.start(socket, inv -> {
      seen.add(inv);
      return daemon.handler().handle(inv);
    }, 8, Duration.ofMillis(500));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  private Run invoke(String executable, Map<String, String> env, String stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(binDir.resolve(executable).toAbsolutePath().toString());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().putIfAbsent("CALICO_NODE_SOCKET", socket.toString());
    Process p = pb.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(executable + " did not finish");
    }
    return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(InputStream s) {
    try (s) {
      return s.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void addCheckDelVersionLikeARuntime() throws Exception {
    Run add = invoke("calico", env("ADD"), calicoConf("1.0.0"));
    assertThat(add.exitCode()).as(add.stdout()).isZero();
    assertThat(add).isEqualTo(new Run(0, "{\"cniVersion\":\"1.0.0\","
        + "\"interfaces\":[{\"name\":\"calic440f455693\",\"mac\":\"ee:ee:ee:ee:ee:ee\"},"
        + "{\"name\":\"eth0\",\"mac\":\"0a:58:c6:12:0a:02\",\"sandbox\":\"/var/run/netns/cni-test-1\"}],"
        + "\"ips\":[{\"interface\":1,\"address\":\"198.18.10.2/32\"}],"
        + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"}],\"dns\":{}}\n", ""));

    String withPrev = withPrevResult(calicoConf("1.0.0"), add.stdout());
    Run check = invoke("calico", env("CHECK"), withPrev);
    assertThat(check).isEqualTo(new Run(0, "", ""));
    Run del = invoke("calico", env("DEL"), withPrev);
    assertThat(del).isEqualTo(new Run(0, "", ""));
    assertThat(daemon.isEmpty()).isTrue();
    assertThat(invoke("calico", env("DEL"), withPrev).exitCode()).isZero();

    Run version = invoke("calico", Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.0.0\"}");
    assertThat(version).isEqualTo(new Run(0, CalicoCniHandler.versionJson() + "\n", ""));
  }

  @Test
  void forwardsOnlyThePluginsEnvironmentAndItsName() throws Exception {
    Map<String, String> env = with(with(with(env("DEL"), "HOME", "/root"), "CALICO_LOG", "x"), "KUBECONFIG", "/k");
    assertThat(invoke("calico-ipam", env, calicoConf("1.0.0")).exitCode()).isZero();
    CniInvocation inv = seen.get(seen.size() - 1);
    assertThat(inv.plugin()).isEqualTo("calico-ipam");
    assertThat(inv.env()).containsEntry("CALICO_LOG", "x").containsEntry("KUBECONFIG", "/k")
        .containsEntry("CALICO_NODE_SOCKET", socket.toString()).doesNotContainKey("HOME")
        .containsAllEntriesOf(env("DEL"));
    assertThat(new String(inv.stdin(), StandardCharsets.UTF_8)).isEqualTo(calicoConf("1.0.0"));
  }

  @Test
  void errorsComeBackWithExitCode1() throws Exception {
    Run missing = invoke("calico", without(env("ADD"), "CNI_NETNS"), calicoConf("0.4.0"));
    assertThat(missing).isEqualTo(new Run(1,
        "{\"cniVersion\":\"0.4.0\",\"code\":4,\"msg\":\"required env variables [CNI_NETNS] missing\"}\n", ""));
    Run bad = invoke("calico", env("ADD"), "{not json");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stdout()).contains("\"code\":6");
    daemon.plumber().occupy(CniFixtures.HOST_IF);
    assertThat(invoke("calico", env("ADD"), calicoConf("1.0.0")).stdout()).contains("\"code\":102");
  }

  @Test
  void daemonNotRunningIsCode11() throws Exception {
    server.close();
    Run r = invoke("calico", env("ADD"), calicoConf("0.3.1"));
    assertThat(r).isEqualTo(new Run(1, "{\"cniVersion\":\"0.3.1\",\"code\":11,\"msg\":\"calico-node is not running\","
        + "\"details\":\"cannot connect to " + socket + ": No such file or directory\"}\n", ""));

    // a socket file left by a daemon that died: nobody accepts
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    Run stale = invoke("calico", env("ADD"), "{\"cniVersion\":\"9.9.9\"}");
    assertThat(stale.stdout()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"calico-node is not running\","
        + "\"details\":\"cannot connect to " + socket + ": Connection refused\"}\n");
    Files.deleteIfExists(socket);
  }

  @Test
  void relaysStderrAndAnyExitCode() throws Exception {
    server.close();
    server = CniSocketServer.start(socket, inv -> new CniOutcome(3, "out".getBytes(StandardCharsets.UTF_8),
        "err\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(invoke("calico", env("ADD"), "")).isEqualTo(new Run(3, "out", "err\n"));
  }

  @Test
  void podsAttachConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Run>> runs = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        Map<String, String> env = with(with(env("ADD"), "CNI_CONTAINERID", "c" + i), "CNI_ARGS",
            "K8S_POD_NAMESPACE=default;K8S_POD_NAME=pod-" + i);
        runs.add(pool.submit(() -> invoke("calico", env, calicoConf("1.0.0"))));
      }
      Set<String> addresses = new HashSet<>();
      for (Future<Run> f : runs) {
        Run r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        addresses.add(r.stdout().replaceAll(".*\"address\":\"([^\"]+)\".*\\s*", "$1"));
      }
      assertThat(addresses).hasSize(24);
      assertThat(daemon.plumber().links).hasSize(24);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void largeConfigPassesThrough() throws Exception {
    String padded = calicoConf("1.0.0").replace("\"mtu\":1500", "\"mtu\":1500" + " ".repeat(2 << 20));
    Run r = invoke("calico", env("ADD"), padded);
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(seen.get(seen.size() - 1).stdin()).hasSize(padded.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void aSilentClientIsDroppedAndOthersStillServed() throws Exception {
    try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer buf = ByteBuffer.allocate(16);
      long t0 = System.nanoTime();
      assertThat(silent.read(buf)).isEqualTo(-1); // closed by the server's read deadline
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
    assertThat(invoke("calico", Map.of("CNI_COMMAND", "VERSION"), "").exitCode()).isZero();
  }

  @Test
  void secondServerOnALiveSocketIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CniSocketServer.start(socket, inv -> null))
        .isInstanceOf(IOException.class).hasMessage("another calico-node serves " + socket);
  }
}
