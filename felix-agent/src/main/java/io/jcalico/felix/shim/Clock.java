package io.jcalico.felix.shim;

import java.time.Instant;

/** Time as drivers see it: real in production, advanced by hand in tests. */
public interface Clock {
  /** Monotonic nanoseconds, for intervals. */
  long nanoTime();

  /** Wall-clock time, for logs and status. */
  Instant instant();

  static Clock system() {
    return SystemClock.INSTANCE;
  }

  enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }
  }
}
