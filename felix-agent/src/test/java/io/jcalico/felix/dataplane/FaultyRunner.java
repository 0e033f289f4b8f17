package io.jcalico.felix.dataplane;

import io.jcalico.felix.shim.CommandRunner;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CommandRunner} whose table writes ({@code *-restore}, {@code nft -f}) fail, as the
 * kernel tools fail on a rule they refuse, while their input contains a marker: nothing reaches
 * the kernel and the exit code is 1. Its table reads ({@code *-save}, {@code ipset save},
 * {@code nft list}) can be held up, as a read of a huge table takes long.
 */
final class FaultyRunner implements CommandRunner {
  private final CommandRunner delegate;
  private volatile String marker;
  private volatile CountDownLatch readGate;
  private final AtomicInteger heldReads = new AtomicInteger();

  FaultyRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  /** Writes whose input contains {@code text} fail from now on; null: none do. */
  void failWritesContaining(String text) {
    this.marker = text;
  }

  /** Reads wait from now on until {@link #releaseReads}. */
  void holdReads() {
    readGate = new CountDownLatch(1);
  }

  void releaseReads() {
    CountDownLatch g = readGate;
    readGate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** How many reads are waiting now. */
  int heldReads() {
    return heldReads.get();
  }

  @Override
  public Output run(List<String> argv, String stdin) {
    CountDownLatch gate = readGate;
    if (gate != null && (argv.get(0).endsWith("-save") || argv.equals(List.of("ipset", "save")) || argv.contains("list"))) {
      heldReads.incrementAndGet();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        heldReads.decrementAndGet();
      }
    }
    String m = marker;
    boolean write = argv.get(0).endsWith("-restore") || argv.equals(List.of("nft", "-f", "-"));
    if (m != null && write && stdin != null && stdin.contains(m)) {
      return new Output(argv, 1, "", "injected: the kernel refused a rule");
    }
    return delegate.run(argv, stdin);
  }
}
