package io.jcalico.bgp.bench;

import com.google.common.math.Quantiles;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.routers.DaemonKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The issue 4 benchmark: a feeder sends a pre-built feed of IPv4 prefixes (100 per attribute set)
 * to the system under test, which re-advertises them over eBGP to a monitor that counts them
 * exactly. Measures seconds from the feeder's first UPDATE to the monitor holding every prefix,
 * and the DUT's peak RSS (VmHWM) and CPU seconds (utime+stime during the run). "harness" is the
 * floor: feeder straight into monitor; "speaker" is ours, started by its launcher {@code bin/bgp-speaker}
 * with the JVM flags users get. Run with {@code scripts/bench-bgp.sh}; not a unit test.
 */
@Command(name = "bench-bgp", mixinStandardHelpOptions = true,
    description = "Feeder -> DUT -> monitor BGP throughput benchmark against BIRD, FRR and GoBGP.")
public final class BgpBenchmark implements Callable<Integer> {
  private static final long FEEDER_NEXT_HOP = address("198.18.0.101");
  private static final int FEED_BASE = (int) address("10.0.0.0");
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);
  private static final String HARNESS = "harness";

  @Option(names = "--runs", defaultValue = "3", description = "runs per system (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--skip", split = ",", description = "systems to leave out: harness, speaker, bird, frr, gobgp")
  Set<String> skip = Set.of();

  @Option(names = "--prefixes", defaultValue = "1000000", description = "feed size (default ${DEFAULT-VALUE})")
  int prefixes;

  @Option(names = "--per-set", defaultValue = "100", description = "prefixes per attribute set (default ${DEFAULT-VALUE})")
  int perSet;

  @Option(names = "--timeout", defaultValue = "120", description = "seconds per run (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--gobgp-timeout", defaultValue = "900", description = "seconds per GoBGP run (default ${DEFAULT-VALUE})")
  int gobgpTimeoutSeconds;

  @Option(names = "--speaker", defaultValue = "bin/bgp-speaker",
      description = "our speaker's launcher, run with its own JVM flags (default ${DEFAULT-VALUE})")
  Path speakerLauncher;

  @Option(names = "--speaker-jvm-opts",
      description = "JVM options replacing the launcher's (default: the launcher's own, as users run it)")
  Optional<String> speakerJvmOptions = Optional.empty();

  /** One measured run; {@code dut} is empty for the harness floor. */
  record Result(String system, int run, double seconds, Optional<ProcStats> dut, String details) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BgpBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Feed feed = Feed.build(prefixes, perSet, 65101, FEED_BASE, (int) FEEDER_NEXT_HOP);
    System.out.printf(Locale.ROOT, "feed: %,d IPv4 /32 prefixes from 10.0.0.0, %d per attribute set, "
        + "%,d UPDATEs, %.1f MiB pre-encoded%n", feed.prefixes(), perSet, feed.updates(),
        feed.bytes().remaining() / 1048576.0);
    System.out.println("warm-up (harness alone, not counted) ...");
    runHarness(feed, 0);

    Map<String, Supplier<Dut>> systems = new LinkedHashMap<>();
    systems.put("speaker", () -> new SpeakerDut(speakerLauncher, speakerJvmOptions));
    for (DaemonKind kind : DaemonKind.values()) {
      systems.put(kind.toString(), () -> new DaemonDut(kind));
    }
    List<Result> results = new ArrayList<>();
    System.out.printf("%n%-8s %4s %9s %13s %8s  %s%n", "system", "run", "seconds", "peak RSS MiB", "CPU-s", "monitor");
    if (!skip.contains(HARNESS)) {
      for (int run = 1; run <= runs; run++) {
        results.add(print(runHarness(feed, run)));
      }
    }
    for (Map.Entry<String, Supplier<Dut>> system : systems.entrySet()) {
      if (skip.contains(system.getKey())) {
        continue;
      }
      Duration timeout = Duration.ofSeconds(system.getKey().equals("gobgp") ? gobgpTimeoutSeconds : timeoutSeconds);
      for (int run = 1; run <= runs; run++) {
        try (Dut dut = system.getValue().get()) {
          try {
            results.add(print(runDut(dut, feed, run, timeout)));
          } catch (RuntimeException e) {
            String log = dut.log();
            System.out.printf("%-8s %4d FAILED: %s%n  its log ends:%n%s%n", system.getKey(), run, e.getMessage(),
                log.substring(Math.max(0, log.length() - 3000)));
          }
        }
      }
    }
    summarize(results);
    return 0;
  }

  private Result runHarness(Feed feed, int run) throws Exception {
    BenchTopology t = BenchTopology.onLoopback(0, 0, freePort());
    PrefixCounter counter = new PrefixCounter(feed.base(), feed.prefixes());
    try (RawBgpPeer monitor = RawBgpPeer.listen("monitor", t.monitor().as(), t.monitor().routerIdInt(),
            t.monitor().socket(), counter);
        RawBgpPeer feeder = RawBgpPeer.connect("feeder", t.feeder().as(), t.feeder().routerIdInt(),
            new InetSocketAddress(t.feeder().address().toInetAddress(), 0), t.monitor().socket(),
            new PrefixCounter(feed.base(), feed.prefixes()))) {
      feeder.awaitEstablished(SESSION_TIMEOUT);
      monitor.awaitEstablished(SESSION_TIMEOUT);
      long start = feeder.send(feed);
      long end = awaitAll(monitor, feeder, () -> true, Duration.ofSeconds(timeoutSeconds));
      return new Result(HARNESS, run, seconds(start, end), Optional.empty(), verify(monitor, feed, t.feeder().as()));
    }
  }

  private Result runDut(Dut dut, Feed feed, int run, Duration timeout) throws Exception {
    BenchTopology t = BenchTopology.onLoopback(freePort(), freePort(), freePort());
    try (RawBgpPeer feeder = RawBgpPeer.listen("feeder", t.feeder().as(), t.feeder().routerIdInt(),
            t.feeder().socket(), new PrefixCounter(feed.base(), feed.prefixes()));
        RawBgpPeer monitor = RawBgpPeer.listen("monitor", t.monitor().as(), t.monitor().routerIdInt(),
            t.monitor().socket(), new PrefixCounter(feed.base(), feed.prefixes()))) {
      dut.start(t);
      feeder.awaitEstablished(SESSION_TIMEOUT);
      monitor.awaitEstablished(SESSION_TIMEOUT);
      long pid = dut.pid();
      ProcStats before = ProcStats.of(pid);
      long start = feeder.send(feed);
      long end = awaitAll(monitor, feeder, () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          timeout);
      ProcStats after = ProcStats.of(pid);
      String details = verify(monitor, feed, t.dut().as());
      if (feeder.counter().distinct() != 0) {
        throw new IllegalStateException(dut.name() + " announced " + feeder.counter().distinct()
            + " prefixes back to the feeder despite export none");
      }
      return new Result(dut.name(), run, seconds(start, end),
          Optional.of(new ProcStats(after.peakRssBytes(), after.cpuSeconds() - before.cpuSeconds())), details);
    }
  }

  /** Waits for the monitor's last prefix; returns its arrival time. Fails fast on a lost session or DUT. */
  private static long awaitAll(RawBgpPeer monitor, RawBgpPeer feeder, Supplier<Boolean> dutAlive, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (monitor.counter().completedAt() == 0) {
      Optional<String> failure = monitor.failure().or(feeder::failure);
      if (failure.isPresent()) {
        throw new IllegalStateException(failure.get());
      }
      if (!dutAlive.get()) {
        throw new IllegalStateException("system under test died");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timeout after " + timeout + ": monitor holds "
            + monitor.counter().distinct() + " prefixes");
      }
      Thread.sleep(5);
    }
    return monitor.counter().completedAt();
  }

  /**
   * Checks the count is exact and stays so (nothing withdrawn, nothing foreign, after a second of
   * quiet) and that the re-advertised paths look right: first AS the sender's, origin AS the feeder's.
   */
  private static String verify(RawBgpPeer monitor, Feed feed, long firstAs) throws InterruptedException {
    Thread.sleep(1000);
    PrefixCounter counter = monitor.counter();
    if (counter.distinct() != feed.prefixes() || counter.unexpected() != 0 || counter.withdrawn() != 0) {
      throw new IllegalStateException("monitor count wrong: " + counter.details());
    }
    Update sample = monitor.firstUpdate().orElseThrow(() -> new IllegalStateException("no UPDATE decoded"));
    var attributes = sample.attributes();
    if (attributes.asPath().firstAs() != firstAs || attributes.asPath().originAs() != 65101
        || attributes.communityCount() != 1) {
      throw new IllegalStateException("unexpected attributes on re-advertised routes: " + attributes);
    }
    return counter.details();
  }

  private static Result print(Result r) {
    System.out.printf(Locale.ROOT, "%-8s %4d %9.3f %13s %8s  %s%n", r.system(), r.run(), r.seconds(),
        r.dut().map(s -> String.format(Locale.ROOT, "%.0f", s.peakRssBytes() / 1048576.0)).orElse("-"),
        r.dut().map(s -> String.format(Locale.ROOT, "%.2f", s.cpuSeconds())).orElse("-"), r.details());
    return r;
  }

  private void summarize(List<Result> results) {
    Map<String, List<Result>> bySystem = new LinkedHashMap<>();
    results.forEach(r -> bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r));
    Optional<double[]> bird = Optional.ofNullable(bySystem.get("bird")).map(BgpBenchmark::medians);
    System.out.printf("%nmedian of %d runs (ratios against BIRD)%n", runs);
    System.out.printf("%-8s %9s %15s %8s %13s %8s %8s %8s%n", "system", "seconds", "(min-max)", "x BIRD",
        "peak RSS MiB", "x BIRD", "CPU-s", "x BIRD");
    for (Map.Entry<String, List<Result>> e : bySystem.entrySet()) {
      double[] m = medians(e.getValue());
      double min = e.getValue().stream().mapToDouble(Result::seconds).min().orElse(0);
      double max = e.getValue().stream().mapToDouble(Result::seconds).max().orElse(0);
      boolean hasDut = e.getValue().get(0).dut().isPresent();
      System.out.printf(Locale.ROOT, "%-8s %9.3f %15s %8s %13s %8s %8s %8s%n", e.getKey(), m[0],
          String.format(Locale.ROOT, "(%.3f-%.3f)", min, max), ratio(m[0], bird.map(b -> b[0])),
          hasDut ? String.format(Locale.ROOT, "%.0f", m[1]) : "-", hasDut ? ratio(m[1], bird.map(b -> b[1])) : "-",
          hasDut ? String.format(Locale.ROOT, "%.2f", m[2]) : "-", hasDut ? ratio(m[2], bird.map(b -> b[2])) : "-");
    }
    List<Result> floor = bySystem.get(HARNESS);
    if (floor != null) {
      double harness = medians(floor)[0];
      bySystem.entrySet().stream().filter(e -> !e.getKey().equals(HARNESS))
          .forEach(e -> {
            double factor = medians(e.getValue())[0] / harness;
            System.out.printf(Locale.ROOT, "harness floor is %.1fx faster than %s%s%n", factor, e.getKey(),
                factor < 2 ? "  WARNING: under 2x, the harness may be the bottleneck" : "");
          });
    }
  }

  /** Median seconds, peak RSS MiB and CPU seconds of a system's runs. */
  private static double[] medians(List<Result> runs) {
    return new double[] {
        Quantiles.median().compute(runs.stream().mapToDouble(Result::seconds).toArray()),
        Quantiles.median().compute(runs.stream().mapToDouble(r -> r.dut().map(s -> s.peakRssBytes() / 1048576.0).orElse(0.0)).toArray()),
        Quantiles.median().compute(runs.stream().mapToDouble(r -> r.dut().map(ProcStats::cpuSeconds).orElse(0.0)).toArray())};
  }

  private static String ratio(double value, Optional<Double> bird) {
    return bird.filter(b -> b > 0).map(b -> String.format(Locale.ROOT, "%.2f", value / b)).orElse("-");
  }

  private static double seconds(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1e9;
  }

  private static long address(String text) {
    return new IPAddressString(text).getAddress().getValue().longValue();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
