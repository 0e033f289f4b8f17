package io.jcalico.felix.driver;

import io.jcalico.felix.shim.Clock;
import java.time.Duration;

/**
 * When a driver must read the kernel back instead of trusting what it last wrote: at first, after
 * any failed write and when asked ({@link #requested}: before the next write), and once every
 * interval (Felix: 90 s for IP sets, 180 s for iptables; {@link #due}: a {@link ReadBack} beside
 * the writer), so a table flushed by hand is healed soon after the interval.
 */
public final class ResyncTimer {
  private final Clock clock;
  private final long intervalNanos;
  private boolean needed = true;
  private long lastRead;

  public ResyncTimer(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalNanos = interval.toNanos();
  }

  /** Whether the next apply must read first: at first, after a failure, when asked. */
  public boolean requested() {
    return needed;
  }

  /** Whether a read is due: requested, or the interval has passed since the last one. */
  public boolean due() {
    return needed || clock.nanoTime() - lastRead >= intervalNanos;
  }

  public void request() {
    needed = true;
  }

  /** Records a completed read. */
  public void read() {
    needed = false;
    lastRead = clock.nanoTime();
  }
}
