package io.jcalico.felix.shim;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose clock moves only in {@link #advance}: due tasks then run on the
 * calling thread, in due order (ties in scheduling order), including tasks they schedule.
 */
public final class ManualScheduler implements Scheduler, Clock {
  private record Entry(long due, long order, Runnable task, boolean[] cancelled) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparingLong(Entry::due).thenComparingLong(Entry::order));
  private final Instant epoch = Instant.parse("2025-01-01T00:00:00Z");
  private long now;
  private long order;

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Instant instant() {
    return epoch.plusNanos(now);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Entry(now + delay.toNanos(), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time forward, running every task that falls due on the way. */
  public void advance(Duration d) {
    long target = now + d.toNanos();
    for (;;) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due() > target) {
          now = target;
          return;
        }
        queue.poll();
        now = next.due();
      }
      if (!next.cancelled()[0]) {
        next.task().run();
      }
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public synchronized long pending() {
    return queue.stream().filter(e -> !e.cancelled()[0]).count();
  }
}
