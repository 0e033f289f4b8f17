package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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

  /** What ping counted: echoes sent and replies received. */
  public record Stats(int transmitted, int received, String output) {
    public int lost() {
      return transmitted - received;
    }

    @Override
    public String toString() {
      return transmitted + " sent, " + received + " received, " + lost() + " lost";
    }
  }

  private final Process process;
  private final CompletableFuture<String> output;
  private final String description;

  private ContinuousPing(Process process, String description) {
    this.process = process;
    this.description = description;
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
      Process p = new ProcessBuilder(Testbed.IP, "netns", "exec", from.netns(), "ping", "-n", "-q", "-i", seconds, "-W", "1",
          to.address().toCanonicalString()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      return new ContinuousPing(p, from + " -> " + to);
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
      return new Stats(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
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
