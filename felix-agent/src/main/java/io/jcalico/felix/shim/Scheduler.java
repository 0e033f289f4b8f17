package io.jcalico.felix.shim;

import java.time.Duration;

/**
 * Delayed work for drivers (periodic resyncs, retries). Production uses
 * {@link ExecutorScheduler}; tests use a manual scheduler whose time only moves when the test
 * says, so nothing sleeps.
 */
public interface Scheduler {
  Clock clock();

  /** Runs {@code task} once after {@code delay}, unless cancelled first. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task. Cancelling a task that has run or was cancelled does nothing. */
  interface Cancellable {
    void cancel();
  }
}
