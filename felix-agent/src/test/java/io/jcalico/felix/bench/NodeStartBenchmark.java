package io.jcalico.felix.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.felix.e2e.DaemonJvm;
import io.jcalico.felix.e2e.TestNode;
import io.jcalico.felix.e2e.Testbed;
import io.jcalico.felix.health.HealthProbe;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code calico-node} takes to start: cold starts (fresh datastore, empty kernel) and
 * restarts after SIGKILL with pods present, as an operator sees them. A {@link Testbed} mesh of
 * three nodes with two pods each; node-2 is killed and started again {@code --restarts} times.
 * Each restart is timed from the harness (just before the fork) to readiness and to the moment
 * both peers report their session with it Established again; the daemon's own start-up timeline
 * line (phases in ms since its process started) is printed beside it, then the medians.
 *
 * <p>{@code --load N} keeps N busy loops running meanwhile (a CI machine running tests in
 * parallel); {@code --jvm "<flags>"} adds JVM flags to the daemons, after the test beds' own (see
 * {@code DaemonJvm}: bin/calico-node's flags and a class-data-sharing archive), so
 * {@code --jvm "-Xshare:off"} or {@code --jvm -XX:TieredStopAtLevel=1} compare. Needs root and etcd.
 * Usage: {@code scripts/bench-node-start.sh [--restarts 5] [--load 2] [--jvm "-Xshare:off"]}
 */
public final class NodeStartBenchmark {
  private static final Pattern TIMELINE = Pattern.compile("start-up \\(ms since the process started\\): (.*)$");
  private static final Pattern PHASE = Pattern.compile("([a-z ]+) (\\d+)");
  private static final Duration POLL = Duration.ofMillis(25);
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private NodeStartBenchmark() {}

  /** One start as the harness saw it (ms from the fork) and as the daemon logged it. */
  record Start(long readyMs, long establishedMs, Map<String, Long> phases) {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    BenchArgs options = new BenchArgs(args);
    int restarts = options.integer("--restarts", 5);
    int load = options.integer("--load", 0);
    String jvm = options.string("--jvm", "").strip();
    List<Process> busy = new ArrayList<>();
    Thread stopBusy = new Thread(() -> busy.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(stopBusy);
    try (Testbed bed = Testbed.create("bench-node-start")) {
      bed.meshBgp(Duration.ofSeconds(120)).ipPool("bench-pool", "198.18.128.0/18", 26);
      for (int i = 1; i <= 3; i++) {
        TestNode n = bed.addNode("node-" + i);
        if (!jvm.isEmpty()) n.withJvmArgs(jvm.split("\\s+"));
      }
      for (int i = 0; i < load; i++) busy.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      System.out.printf("load average %s, %d busy loops, extra JVM flags: %s%n", CniBenchmark.loadAverage(), load, jvm.isEmpty() ? "none" : jvm);

      DaemonJvm.get(); // trains the class-data-sharing archive first, if there is none: not a start to time
      // cold starts one at a time: empty kernel, node-1 also creates the cluster's first resources
      List<Start> cold = new ArrayList<>();
      for (TestNode n : bed.nodes()) {
        long t0 = System.nanoTime();
        n.start().awaitReady(LIMIT);
        cold.add(new Start(msSince(t0), -1, awaitTimeline(n)));
        print("cold " + n.name(), cold.get(cold.size() - 1));
      }
      for (TestNode n : bed.nodes()) {
        n.addPod("default", n.name() + "-a");
        n.addPod("default", n.name() + "-b");
      }
      bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));

      TestNode victim = bed.node("node-2");
      List<TestNode> peers = bed.nodes().stream().filter(n -> n != victim).toList();
      List<Start> warm = new ArrayList<>();
      try (PeerView view = new PeerView(peers, victim); NetNamespace ns = Rtnetlink.openNamespace(Path.of("/run/netns", victim.netns()))) {
        for (int r = 1; r <= restarts; r++) {
          victim.kill();
          await(() -> !view.allEstablished(), "peers notice " + victim.name() + " is gone");
          Thread.sleep(500);
          long t0 = System.nanoTime();
          victim.start();
          long ready = -1;
          long established = -1;
          while ((ready < 0 || established < 0) && msSince(t0) < LIMIT.toMillis()) {
            if (ready < 0 && HealthProbe.get(ns, new InetSocketAddress("127.0.0.1", healthPort()), "/readiness").startsWith("200")) {
              ready = msSince(t0);
            }
            if (established < 0 && view.allEstablished()) established = msSince(t0);
            Thread.sleep(POLL.toMillis());
          }
          warm.add(new Start(ready, established, awaitTimeline(victim)));
          print("restart " + r, warm.get(warm.size() - 1));
          bed.awaitRoutesConverged(bed.nodes(), Duration.ofSeconds(60));
          Thread.sleep(1000);
        }
      }
      System.out.println();
      summary("cold start (median of " + cold.size() + ")", cold);
      summary("restart after SIGKILL, 6 pods (median of " + warm.size() + ")", warm);
      System.out.printf("load average at the end %s%n", CniBenchmark.loadAverage());
    } finally {
      stopBusy.run();
      Runtime.getRuntime().removeShutdownHook(stopBusy);
    }
  }

  private static int healthPort() {
    return 9099; // TestNode's
  }

  /** The peers' own view of their sessions with the victim, over their node API sockets (kept open). */
  private static final class PeerView implements AutoCloseable {
    private final EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final String address;

    PeerView(List<TestNode> peers, TestNode victim) {
      address = victim.ipv4().withoutPrefixLength().toCanonicalString();
      for (TestNode p : peers) {
        channels.add(NettyChannelBuilder.forAddress(new DomainSocketAddress(p.apiSocket().toString()))
            .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build());
      }
    }

    boolean allEstablished() {
      for (ManagedChannel ch : channels) {
        boolean up = NodeServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
            .bgpPeers(BgpPeersRequest.getDefaultInstance()).getPeersList().stream()
            .anyMatch(p -> p.getConfig().getAddress().equals(address) && p.getState() == SessionState.ESTABLISHED);
        if (!up) return false;
      }
      return true;
    }

    @Override
    public void close() {
      channels.forEach(ManagedChannel::shutdownNow);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** The phases of the daemon's last start-up line, waiting for it (it comes once every phase is in). */
  private static Map<String, Long> awaitTimeline(TestNode n) throws InterruptedException {
    long t0 = System.nanoTime();
    while (msSince(t0) < LIMIT.toMillis()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(n.logFile(), UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int start = lastIndexOf(lines, "=== ", "start:");
      for (String line : lines.subList(Math.max(0, start), lines.size())) {
        Matcher m = TIMELINE.matcher(line);
        if (m.find()) return phases(m.group(1));
      }
      Thread.sleep(100);
    }
    return Map.of();
  }

  private static int lastIndexOf(List<String> lines, String prefix, String contains) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(prefix) && lines.get(i).contains(contains)) return i;
    }
    return -1;
  }

  private static Map<String, Long> phases(String text) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String part : text.split(",\\s*")) {
      Matcher m = PHASE.matcher(part.strip());
      if (m.matches()) out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  private static void print(String what, Start s) {
    System.out.printf("%-12s ready %5d ms%s | daemon: %s%n", what, s.readyMs(),
        s.establishedMs() < 0 ? "" : String.format(", peers Established %5d ms", s.establishedMs()), s.phases());
  }

  private static void summary(String title, List<Start> starts) {
    System.out.println(title + ":");
    System.out.printf("  harness: ready %d ms%s%n", median(starts.stream().mapToLong(Start::readyMs).toArray()),
        starts.get(0).establishedMs() < 0 ? ""
            : ", peers Established " + median(starts.stream().mapToLong(Start::establishedMs).toArray()) + " ms");
    Map<String, List<Long>> byPhase = new LinkedHashMap<>();
    starts.forEach(s -> s.phases().forEach((k, v) -> byPhase.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
    StringBuilder line = new StringBuilder("  daemon (ms since its process started):");
    byPhase.entrySet().stream().sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(median(a), median(b))))
        .forEach(e -> line.append(' ').append(e.getKey()).append(' ').append(median(e.getValue())).append(','));
    System.out.println(line.substring(0, line.length() - 1));
  }

  private static long median(List<Long> values) {
    return median(values.stream().mapToLong(Long::longValue).toArray());
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
  }

  private static long msSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long t0 = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (msSince(t0) > LIMIT.toMillis()) throw new IllegalStateException("timed out: " + what);
      Thread.sleep(POLL.toMillis());
    }
  }
}
