package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ping -i <interval>} from one pod to another, running in the background; stopped with
 * SIGINT so ping prints its statistics, which {@link #stop()} reads back.
 */
public final class ContinuousPing implements AutoCloseable {
  private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
  private static final Pattern REPLY = Pattern.compile("\\[(\\d+\\.\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+)");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /** What ping counted: echoes sent and replies received, and when the lost ones were sent. */
  public record Stats(int transmitted, int received, List<String> lostAt) {
    public int lost() {
      return transmitted - received;
    }

    @Override
    public String toString() {
      return transmitted + " sent, " + received + " received, " + lost() + " lost" + (lostAt.isEmpty() ? "" : " " + lostAt);
    }
  }

  private final Process process;
  private final CompletableFuture<String> output;
  private final String description;
  private final Duration interval;

  private ContinuousPing(Process process, String description, Duration interval) {
    this.process = process;
    this.description = description;
    this.interval = interval;
    this.output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  static ContinuousPing start(TestPod from, TestPod to, Duration interval) {
    String seconds = String.format(java.util.Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
    try {
      // -W 1: an echo not answered within a second counts as lost
      // -D: each reply with its time, so a lost echo can be placed in the daemons' logs
      Process p = new ProcessBuilder(Testbed.IP, "netns", "exec", from.netns(), "ping", "-n", "-D", "-i", seconds, "-W", "1",
          to.address().toCanonicalString()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      return new ContinuousPing(p, from + " -> " + to, interval);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ping", e);
    }
  }

  /** Interrupts ping (SIGINT) and returns its statistics. */
  public Stats stop() {
    if (process.isAlive()) {
      Exec.quiet("kill", "-INT", Long.toString(process.pid()));
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("ping " + description + " did not stop on SIGINT");
      }
      String out = output.get();
      Matcher m = SUMMARY.matcher(out);
      if (!m.find()) throw new AssertionError("ping " + description + " printed no statistics: " + out);
      int sent = Integer.parseInt(m.group(1));
      return new Stats(sent, Integer.parseInt(m.group(2)), lostAt(out, sent));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** The sequence numbers without a reply, each with the time it was sent (interpolated between replies). */
  private List<String> lostAt(String out, int sent) {
    TreeMap<Integer, Double> replies = new TreeMap<>();
    Matcher r = REPLY.matcher(out);
    while (r.find()) replies.put(Integer.parseInt(r.group(2)), Double.parseDouble(r.group(1)));
    List<String> lost = new ArrayList<>();
    for (int seq = 1; seq <= sent; seq++) {
      if (replies.containsKey(seq)) continue;
      Map.Entry<Integer, Double> before = replies.floorEntry(seq);
      String when = before == null ? "before the first reply"
          : TIME.format(Instant.ofEpochMilli((long) (before.getValue() * 1000) + (seq - before.getKey()) * interval.toMillis()));
      lost.add("seq " + seq + " ~" + when);
    }
    return lost;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "ping " + description;
  }
}
