package io.jcalico.felix.driver;

import io.jcalico.felix.netlink.Errno;
import io.jcalico.felix.netlink.NetlinkException;
import io.jcalico.felix.shim.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convergence loop shared by the kernel-table drivers (routes, neighbour entries): desired
 * targets from the calculation layer, a {@link DeltaTracker} against what the kernel holds of
 * ours, and an {@link #apply()} pass that writes only the difference.
 *
 * <ul>
 *   <li><b>Cheap updates.</b> {@link #set}/{@link #remove} only record the target and mark the
 *       key dirty; the kernel is touched in {@link #apply()} (Felix: {@code OnUpdate} vs
 *       {@code CompleteDeferredWork}).
 *   <li><b>Read back, never assume.</b> The first apply and every periodic resync
 *       ({@link Settings#resyncInterval}) re-read the kernel, so an entry deleted or changed by
 *       hand is rewritten; an unexpected EEXIST also forces a resync.
 *   <li><b>Adopt, do not flush.</b> Entries of ours found at the first read that nobody desires
 *       yet are kept until {@link #markInSync()} says the desired state is complete: a restarted
 *       daemon keeps forwarding on the old state while it relearns, then removes only leftovers.
 *   <li><b>Failures retry</b> after {@link Settings#retryDelay} on the scheduler; an entry whose
 *       interface is missing or down just waits (its interface appearing, via
 *       {@link #interfaceChanged} or the next resync, brings it back).
 * </ul>
 *
 * Thread-safe: public methods synchronize, so the scheduler's resync and the calculation
 * thread's updates serialize; one instance per kernel table is the one writer of that table.
 *
 * @param <K> the key the kernel identifies an entry by (a route's destination, ...)
 * @param <T> the target as the calculation layer states it
 * @param <V> a normalized projection of a kernel entry, compared with {@code equals}
 */
public abstract class KernelTableReconciler<K, T, V> implements AutoCloseable {
  private final Logger log = LoggerFactory.getLogger(getClass());

  /** Resync period and retry delay. Felix resyncs routes every 90 s. */
  public record Settings(Duration resyncInterval, Duration retryDelay) {
    public static final Settings DEFAULT = new Settings(Duration.ofSeconds(90), Duration.ofSeconds(1));
  }

  /** How a target resolves against the current kernel state: a value to write, or a wait. */
  protected record Resolution<V>(V value, String waitingFor) {
    public static <V> Resolution<V> of(V value) {
      return new Resolution<>(value, null);
    }

    public static <V> Resolution<V> waitFor(String reason) {
      return new Resolution<>(null, reason);
    }
  }

  private final String name;
  private final Scheduler scheduler;
  private final Settings settings;
  private final Map<K, T> targets = new HashMap<>();
  private final Set<K> dirty = new LinkedHashSet<>();
  private final DeltaTracker<K, V> tracker = new DeltaTracker<>();
  private final Set<K> adopted = new HashSet<>();
  private final Map<K, String> waiting = new HashMap<>();
  private boolean resyncNeeded = true;
  private boolean everRead;
  private boolean inSync;
  private Scheduler.Cancellable periodic;
  private Scheduler.Cancellable retry;
  private Scheduler.Cancellable soon;
  private static final java.time.Duration APPLY_DEBOUNCE = java.time.Duration.ofMillis(10);
  private boolean closed;

  protected KernelTableReconciler(String name, Scheduler scheduler, Settings settings) {
    this.name = name;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  // ------------------------------------------------------------ for subclasses

  /** Reads the kernel: every entry we own, normalized; may refresh caches (interface indexes). */
  protected abstract Map<K, V> readOwned();

  /** Resolves a target against current kernel facts (interface index, ...). */
  protected abstract Resolution<V> resolve(K key, T target);

  /** Writes {@code value}; {@code ours} tells whether an entry of ours is there to replace. */
  protected abstract void write(K key, V value, boolean ours);

  /** Removes our entry {@code actual}. */
  protected abstract void delete(K key, V actual);

  /** A reason why {@code key} must not be written (an entry we do not own holds it), or null. */
  protected String conflict(K key) {
    return null;
  }

  /** Errnos meaning "the interface is not there or not up yet": wait, do not retry blindly. */
  protected boolean isWaitingError(NetlinkException e) {
    return e.is(Errno.ENODEV) || e.is(Errno.ENETDOWN);
  }

  /** Called when a write failed with a waiting error, to drop stale caches. */
  protected void forgetResolution(K key, T target) {}

  protected final boolean isInSync() {
    return inSync;
  }

  // --------------------------------------------------------------- public API

  /** Desires {@code target} under {@code key}, replacing any earlier target for the key. */
  public synchronized void set(K key, T target) {
    targets.put(key, target);
    adopted.remove(key);
    dirty.add(key);
  }

  public synchronized void remove(K key) {
    if (targets.remove(key) != null) {
      dirty.add(key);
    }
  }

  /** Replaces every target at once (the calculation layer's full resync). */
  public synchronized void replaceAll(Map<K, T> all) {
    dirty.addAll(targets.keySet());
    targets.clear();
    targets.putAll(all);
    adopted.removeAll(all.keySet());
    dirty.addAll(all.keySet());
  }

  public synchronized Optional<T> target(K key) {
    return Optional.ofNullable(targets.get(key));
  }

  /**
   * Declares the desired state complete (the calculation layer is in sync, BGP has sent
   * End-of-RIB): from now on entries of ours that nobody desires are deleted.
   */
  public synchronized void markInSync() {
    inSync = true;
  }

  /** The next {@link #apply()} re-reads the kernel first. */
  public synchronized void resyncNow() {
    resyncNeeded = true;
  }

  /**
   * Records that {@code value} is in the kernel under {@code key}, written on our behalf by a
   * caller that could not wait for an apply: the next apply then writes it only if it differs
   * from the target (instead of adding it again, failing with EEXIST and re-reading everything).
   */
  protected final synchronized void noteWritten(K key, V value) {
    tracker.setDataplane(key, value);
  }

  /** Marks dirty every target that matches, e.g. those on an interface that just appeared. */
  protected final synchronized void markDirty(Predicate<T> which) {
    targets.forEach((k, t) -> {
      if (which.test(t)) {
        dirty.add(k);
      }
    });
  }

  /** Marks dirty every target whose key matches. */
  protected final synchronized void markDirtyKeys(Predicate<K> which) {
    targets.keySet().stream().filter(which).forEach(dirty::add);
  }

  /** Number of entries of ours in the kernel as last known. */
  public synchronized int programmed() {
    return tracker.dataplane().size();
  }

  /**
   * Applies soon on the scheduler's thread; calls in quick succession share one apply. For
   * callers that must not block on the kernel (the BGP event loop, the datastore thread).
   */
  public synchronized void applySoon() {
    if (soon == null && !closed) {
      soon = scheduler.schedule(APPLY_DEBOUNCE, () -> {
        synchronized (this) {
          soon = null;
          if (!closed) {
            applyLogged();
          }
        }
      });
    }
  }

  /** Starts the periodic resync on the scheduler (each run resyncs and applies). */
  public synchronized void start() {
    schedulePeriodic();
  }

  private void schedulePeriodic() {
    if (!closed) {
      periodic = scheduler.schedule(settings.resyncInterval(), () -> {
        synchronized (this) {
          if (closed) {
            return;
          }
          resyncNeeded = true;
          applyLogged();
          schedulePeriodic();
        }
      });
    }
  }

  private void applyLogged() {
    try {
      apply();
    } catch (RuntimeException e) {
      log.warn("{}: apply failed", name, e);
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    if (retry == null && !closed) {
      retry = scheduler.schedule(settings.retryDelay(), () -> {
        synchronized (this) {
          retry = null;
          if (!closed) {
            applyLogged();
          }
        }
      });
    }
  }

  /** Converges the kernel on the desired state; see the class comment for the rules. */
  public synchronized ApplyReport apply() {
    boolean resynced = false;
    if (resyncNeeded) {
      Map<K, V> actual = readOwned();
      tracker.replaceAllDataplane(actual);
      if (!everRead) {
        for (K k : actual.keySet()) {
          if (!targets.containsKey(k)) {
            adopted.add(k);
          }
        }
        everRead = true;
      }
      dirty.addAll(targets.keySet());
      resyncNeeded = false;
      resynced = true;
    }
    for (K k : dirty) {
      resolveInto(k);
    }
    dirty.clear();

    int added = 0;
    int replaced = 0;
    int deleted = 0;
    int deferred = 0;
    boolean staleResolution = false;
    List<String> conflicts = new ArrayList<>();
    List<String> failures = new ArrayList<>();

    for (K k : List.copyOf(tracker.pendingDeletions())) {
      if (!inSync && adopted.contains(k)) {
        deferred++;
        continue;
      }
      V actual = tracker.dataplane(k).orElseThrow();
      try {
        delete(k, actual);
        deleted++;
        tracker.deleteDataplane(k);
        adopted.remove(k);
      } catch (NetlinkException e) {
        if (e.is(Errno.ESRCH) || e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
          tracker.deleteDataplane(k); // already gone
          adopted.remove(k);
        } else {
          failures.add(k + ": " + e.getMessage());
        }
      }
    }

    for (Map.Entry<K, V> e : List.copyOf(tracker.pendingUpdates().entrySet())) {
      K k = e.getKey();
      String blocked = conflict(k);
      if (blocked != null) {
        conflicts.add(k + ": " + blocked);
        continue;
      }
      boolean ours = tracker.dataplane(k).isPresent();
      try {
        write(k, e.getValue(), ours);
        tracker.setDataplane(k, e.getValue());
        if (ours) {
          replaced++;
        } else {
          added++;
        }
      } catch (NetlinkException ex) {
        if (isWaitingError(ex)) {
          T target = targets.get(k);
          if (target != null) {
            forgetResolution(k, target);
          }
          waiting.put(k, ex.errnoName());
          dirty.add(k);
          staleResolution = true; // maybe a cached interface index: resolve afresh on retry
        } else {
          if (ex.is(Errno.EEXIST)) {
            resyncNeeded = true; // someone else wrote this key since we last looked
          }
          failures.add(k + ": " + ex.getMessage());
        }
      }
    }

    List<String> waitingNow = waiting.entrySet().stream().map(w -> w.getKey() + ": " + w.getValue()).toList();
    ApplyReport report = new ApplyReport(resynced, added, replaced, deleted, deferred, waitingNow, conflicts, failures);
    if (!failures.isEmpty() || resyncNeeded || staleResolution) {
      log.warn("{}: {} failed, {} in conflict; retrying in {}", name, failures, conflicts, settings.retryDelay());
      scheduleRetry();
    } else if (!conflicts.isEmpty()) {
      log.warn("{}: left alone, owned by others: {}", name, conflicts);
    }
    if (report.changedAnything()) {
      log.debug("{}: {}", name, report);
    }
    return report;
  }

  private void resolveInto(K k) {
    T target = targets.get(k);
    waiting.remove(k);
    if (target == null) {
      tracker.deleteDesired(k);
      return;
    }
    Resolution<V> r = resolve(k, target);
    if (r.value() == null) {
      // Nothing valid can be written yet; an entry of ours under this key is wrong meanwhile.
      waiting.put(k, r.waitingFor());
      tracker.deleteDesired(k);
    } else {
      tracker.setDesired(k, r.value());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (periodic != null) {
      periodic.cancel();
    }
    if (retry != null) {
      retry.cancel();
    }
  }
}
