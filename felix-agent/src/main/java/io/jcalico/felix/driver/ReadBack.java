package io.jcalico.felix.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A periodic read-back of kernel tables that does not hold up the writer. At the scale of
 * thousands of chains the read ({@code iptables-save}, {@code ipset save}, {@code nft -j list})
 * and its parse take seconds; done on the writer thread they would delay every policy change
 * queued behind them. So a driver starts a read-back between two of its writes (on the writer
 * thread), {@link #read()} runs on another thread while the writer carries on, and the step it
 * returns takes the result in on the writer thread. What the driver wrote after the read began
 * is known better than the read saw it (see {@link ConcurrentRead}); everything else is taken
 * from the read, so a table changed by hand is rewritten by the next apply, and only where it
 * differs.
 */
@FunctionalInterface
public interface ReadBack {

  /** Reads the kernel (on any thread but the writer's); returns what to run on the writer thread. */
  Runnable read();

  /** The given read-backs one after the other (nulls: none due); null when none is. */
  static ReadBack all(ReadBack... parts) {
    List<ReadBack> due = Arrays.stream(parts).filter(Objects::nonNull).toList();
    if (due.isEmpty()) {
      return null;
    }
    return () -> {
      List<Runnable> adopt = due.stream().map(ReadBack::read).toList();
      return () -> adopt.forEach(Runnable::run);
    };
  }
}
