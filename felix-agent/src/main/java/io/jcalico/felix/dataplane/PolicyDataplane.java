package io.jcalico.felix.dataplane;

import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.calc.DatastoreSyncer;
import io.jcalico.felix.calc.PolicyCalculator;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.DesiredState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network policy on this node, end to end: the datastore syncer feeds the
 * {@link PolicyCalculator}; one writer thread computes the desired state and converges the
 * backend's tables on it.
 *
 * <pre>
 *   DatastoreSyncer thread: update(kind) -> calculator (cheap: re-translates changed resources)
 *                                        -> kick
 *   writer thread:          compute (if the calculator moved on) -> tables.apply
 *                           failed?  -> retry after retryDelay (the fail-safe is in place meanwhile)
 *                           every min(resync intervals): start the read-back of the tables due
 *   read-back thread:       iptables-save / ipset save / nft list, parse (seconds at scale)
 *                           -> writer thread: take the result in, apply (rewrites what differs)
 * </pre>
 *
 * Kicks coalesce: a burst of datastore events costs one compute and one apply. Nothing is
 * written before the syncer has listed every kind once, so a restarting node keeps its old rules
 * rather than programming a half-known state.
 */
public final class PolicyDataplane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicyDataplane.class);

  /** Where the writer stands, for health, metrics and tests. */
  public record Status(long generationSeen, long generationApplied, WriteOutcome lastOutcome, Instant lastApply,
      String lastError, long applies) {

    /** The last apply wrote the desired state (or found it in place). */
    public boolean converged() {
      return lastOutcome != null && lastOutcome.converged();
    }

    /**
     * Every endpoint is protected: an apply after the datastore's in-sync left either the
     * desired state or the fail-safe in the kernel, so an interface it does not know is dropped.
     */
    public boolean protecting() {
      return lastOutcome != null && lastOutcome != WriteOutcome.FAILED;
    }
  }

  private final PolicyCalculator calculator;
  private final PolicyTables tables;
  private final PolicyDataplaneConfig config;
  private final ScheduledExecutorService writer;
  /** Reads the tables back for the periodic resync, so the writer is never held up by it. */
  private final ExecutorService reader;
  private boolean readingBack;
  private DatastoreSyncer syncer;
  private volatile boolean inSync;
  private final CompletableFuture<Void> synced = new CompletableFuture<>();
  private boolean kicked;
  private boolean retryPending;
  private long computedGeneration = -1;
  private DesiredState desired;
  private volatile Status status = new Status(0, -1, null, null, null, 0);
  private volatile Consumer<Status> statusListener = s -> {};

  public PolicyDataplane(PolicyCalculator calculator, PolicyTables tables, PolicyDataplaneConfig config) {
    this.calculator = calculator;
    this.tables = tables;
    this.config = config;
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "policy-dataplane");
      t.setDaemon(true);
      return t;
    });
    this.reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "policy-read-back");
      t.setDaemon(true);
      return t;
    });
    Duration tick = config.ipsetResync().compareTo(config.tableResync()) < 0 ? config.ipsetResync() : config.tableResync();
    writer.scheduleWithFixedDelay(this::startReadBack, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The tables of the configured backend, in the configured namespace. */
  public static PolicyTables tables(PolicyDataplaneConfig config) {
    CommandRunner runner = config.netns() == null ? CommandRunner.local() : CommandRunner.inNetns(config.netns());
    return switch (config.backend()) {
      case IPTABLES -> new IptablesPolicyTables(runner, Clock.system(), config.ipsetResync(), config.tableResync());
      case NFTABLES -> new NftPolicyTables(runner, Clock.system(), config.tableResync());
    };
  }

  /**
   * Starts enforcing policy for {@code nodeName}'s workload endpoints from the datastore; close
   * the result to stop (the kernel keeps the last rules written).
   */
  public static PolicyDataplane start(ResourceStore store, String nodeName, PolicyDataplaneConfig config) {
    return start(store, nodeName, config, tables(config));
  }

  /** The same with the given tables (tests wrap the kernel tools to inject failures). */
  public static PolicyDataplane start(ResourceStore store, String nodeName, PolicyDataplaneConfig config,
      PolicyTables tables) {
    PolicyCalculator calc = new PolicyCalculator(nodeName, tables.compileOptions(), config.implicitNamespaceProfiles());
    PolicyDataplane dp = new PolicyDataplane(calc, tables, config);
    dp.syncer = new DatastoreSyncer(store, PolicyCalculator.kinds(), dp.listener(), Duration.ofSeconds(1));
    dp.syncer.start();
    return dp;
  }

  /** Feeds the calculator from a syncer and applies once it is in sync. */
  public DatastoreSyncer.Listener listener() {
    return new DatastoreSyncer.Listener() {
      @Override
      public void onUpdate(ResourceKind kind, DatastoreSyncer s) {
        if (calculator.update(kind, s.snapshot(kind)) && inSync) {
          kick();
        }
      }

      @Override
      public void onInSync(DatastoreSyncer s) {
        inSync = true;
        synced.complete(null);
        kick();
      }
    };
  }

  /** Asks for a compute and apply soon; calls made before it runs share it. */
  public synchronized void kick() {
    if (!kicked) {
      kicked = true;
      writer.execute(this::applyNow);
    }
  }

  /** Reads every table back at the next apply and applies now (heals a table changed by hand). */
  public void resyncNow() {
    tables.resyncNow();
    kick();
  }

  /** Completes once the datastore syncer has listed every kind policy depends on. */
  public CompletionStage<Void> synced() {
    return synced;
  }

  public Status status() {
    return status;
  }

  /**
   * Tells {@code listener} the status now and after every apply (on the writer thread: keep it
   * short), for health reporting.
   */
  public PolicyDataplane onStatus(Consumer<Status> listener) {
    statusListener = listener;
    listener.accept(status);
    return this;
  }

  /**
   * The calculator's generation: it grows by one for every datastore change policy depends on.
   * Once {@link Status#generationApplied()} reaches it, the kernel reflects every such change.
   */
  public long calculatorGeneration() {
    return calculator.generation();
  }

  private void applyNow() {
    synchronized (this) {
      kicked = false;
    }
    if (!inSync) {
      return;
    }
    long generation = calculator.generation();
    try {
      if (generation != computedGeneration || desired == null) {
        desired = calculator.compute();
        computedGeneration = generation;
      }
      WriteOutcome o = tables.apply(desired);
      record(generation, o, tables.lastError());
      if (!o.converged()) {
        scheduleRetry();
      }
    } catch (RuntimeException e) {
      log.warn("policy apply failed", e);
      record(generation, WriteOutcome.FAILED, e.getMessage());
      scheduleRetry();
    }
  }

  /** On the writer thread: hands the read-backs that are due to the reader (one batch at a time). */
  private void startReadBack() {
    if (readingBack || !inSync) {
      return;
    }
    ReadBack due;
    try {
      due = tables.readBackIfDue();
    } catch (RuntimeException e) {
      log.warn("policy read-back could not start", e);
      return;
    }
    if (due == null) {
      return;
    }
    readingBack = true;
    reader.execute(() -> {
      Runnable adopt;
      try {
        adopt = due.read();
      } catch (RuntimeException e) {
        log.warn("policy read-back failed; reading back before the next write instead", e);
        adopt = tables::resyncNow;
      }
      Runnable takeIn = adopt;
      writer.execute(() -> {
        readingBack = false;
        takeIn.run();
        applyNow();
      });
    });
  }

  private void record(long generation, WriteOutcome o, String error) {
    Status s = status;
    status = new Status(generation, o.converged() ? generation : s.generationApplied(), o, Instant.now(),
        o.converged() ? null : error, s.applies() + 1);
    statusListener.accept(status);
    if (o != WriteOutcome.UNCHANGED) {
      log.debug("policy apply: {}", status);
    }
  }

  private synchronized void scheduleRetry() {
    if (!retryPending) {
      retryPending = true;
      writer.schedule(() -> {
        synchronized (this) {
          retryPending = false;
        }
        applyNow();
      }, config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    if (syncer != null) {
      syncer.close();
    }
    writer.shutdownNow();
    reader.shutdownNow();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
