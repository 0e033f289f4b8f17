package io.jcalico.felix.testing;

import io.jcalico.felix.shim.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test says. */
public final class ManualClock implements Clock {
  private long now;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant instant() {
    return Instant.EPOCH.plusNanos(now);
  }

  public synchronized void advance(Duration d) {
    now += d.toNanos();
  }
}
