package io.jcalico.felix.driver;

import io.jcalico.felix.shim.Clock;
import java.time.Duration;

/**
 * When a driver must read the kernel back instead of trusting what it last wrote: at first, after
 * any failed write, when asked, and once every interval (Felix: 90 s for IP sets, 180 s for
 * iptables), so a table flushed by hand is healed at the next apply after the interval.
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

  /** Whether the next apply must read first. */
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
