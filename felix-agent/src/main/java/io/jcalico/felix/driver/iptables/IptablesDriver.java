package io.jcalico.felix.driver.iptables;

import io.jcalico.felix.driver.ConcurrentRead;
import io.jcalico.felix.driver.FailClosed;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.ResyncTimer;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.render.iptables.IptablesRenderer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of our chains in one family's filter (or nat) table, converging them on a
 * desired {@link Dataplane} the way Felix's {@code iptables/table.go} does.
 *
 * <ul>
 *   <li><b>Ours only.</b> We own the {@code cali-} chains; in the kernel's chains (FORWARD,
 *       INPUT, POSTROUTING, ...) we only insert our hook rules at the top, when they are missing.
 *   <li><b>Hashes, not rules.</b> We read back each rule's hash from its comment
 *       ({@code iptables-save -t filter}) and write only the difference: the rules of a chain
 *       from the first hash that differs, new chains, and stale chains last. Each write is one
 *       {@code iptables-restore --noflush} (a single atomic commit of the table).
 *   <li><b>Trust, then verify.</b> After a successful write we assume the kernel holds what we
 *       wrote; we read back before writing after a failure, and every resync interval beside the
 *       writer ({@link #readBackIfDue}: it does not delay writes), so a chain flushed or deleted
 *       by hand comes back at the next apply after that read.
 *   <li><b>Fail closed.</b> If the write fails, the {@link FailClosed} state is written instead:
 *       endpoints whose policy could not be programmed drop all traffic until a write succeeds.
 * </ul>
 *
 * Thread-safe by synchronization; the policy dataplane calls it from its one writer thread.
 */
public final class IptablesDriver {
  private static final Logger log = LoggerFactory.getLogger(IptablesDriver.class);

  /** Felix resyncs iptables every 180 s. */
  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(180);

  private static final String OURS = "ours";
  private static final String KERNEL = "kernel";

  private final int ipVersion;
  private final Dataplane.Table table;
  private final CommandRunner runner;
  private final ResyncTimer resync;
  private final IptablesRenderer renderer = new IptablesRenderer();
  private IptablesState known;
  private final ConcurrentRead reads = new ConcurrentRead(this);
  private String lastError;

  /** The writer of the family's filter table. */
  public IptablesDriver(int ipVersion, CommandRunner runner, Clock clock, Duration resyncInterval) {
    this(ipVersion, Dataplane.Table.FILTER, runner, clock, resyncInterval);
  }

  public IptablesDriver(int ipVersion, Dataplane.Table table, CommandRunner runner, Clock clock, Duration resyncInterval) {
    if (ipVersion != 4 && ipVersion != 6) {
      throw new IllegalArgumentException("IP version " + ipVersion);
    }
    this.ipVersion = ipVersion;
    this.table = table;
    this.runner = runner;
    this.resync = new ResyncTimer(clock, resyncInterval);
  }

  private String tool(String suffix) {
    return (ipVersion == 4 ? "iptables" : "ip6tables") + suffix;
  }

  /** The next apply reads the table back first. */
  public synchronized void resyncNow() {
    resync.request();
  }

  /** Why the last write failed, or null. */
  public synchronized String lastError() {
    return lastError;
  }

  /**
   * Converges the table on {@code desired}. {@code unsettledSets} are IP set IDs the IP set
   * driver could not bring up to date: rules using them are not trusted, so their endpoints are
   * quarantined ({@link FailClosed}) instead.
   */
  public synchronized WriteOutcome apply(Dataplane desired, Set<String> unsettledSets) {
    if (desired.ipVersion() != ipVersion) {
      throw new IllegalArgumentException("IPv" + desired.ipVersion() + " dataplane given to the IPv" + ipVersion + " driver");
    }
    if (known == null || resync.requested()) {
      read();
    }
    if (unsettledSets.isEmpty()) {
      WriteOutcome o = write(desired, WriteOutcome.WRITTEN);
      if (o != WriteOutcome.FAILED) {
        return o;
      }
      read(); // a failed restore commits nothing, but look rather than assume
    }
    if (write(FailClosed.degrade(desired, known.ourChains(), unsettledSets), WriteOutcome.FAIL_SAFE) != WriteOutcome.FAILED) {
      return WriteOutcome.FAIL_SAFE;
    }
    read();
    if (write(FailClosed.lockdown(desired), WriteOutcome.FAIL_SAFE) != WriteOutcome.FAILED) {
      return WriteOutcome.FAIL_SAFE;
    }
    resync.request();
    return WriteOutcome.FAILED;
  }

  /** Our chains' rule hashes as last read or written. */
  public synchronized Map<String, List<String>> knownChains() {
    return known == null ? Map.of() : known.ourChains();
  }

  /**
   * A read-back of the table when its resync interval has passed (see {@link ReadBack}), or
   * null. Call between two applies.
   */
  public synchronized ReadBack readBackIfDue() {
    if (known == null || !resync.due()) {
      return null;
    }
    return reads.start(this::save, seen -> {
      known = new IptablesState(reads.merge(OURS, seen.ourChains(), known.ourChains()),
          reads.merge(KERNEL, seen.kernelChains(), known.kernelChains()));
      resync.read();
    });
  }

  private void read() {
    reads.supersede();
    known = save();
    resync.read();
  }

  private IptablesState save() {
    return IptablesState.parse(table, runner.run(List.of(tool("-save"), "-t", table.iptablesName()), null).orThrow().stdout());
  }

  private WriteOutcome write(Dataplane dp, WriteOutcome onSuccess) {
    List<Dataplane.Hook> missing = dp.hooks().stream()
        .filter(h -> !known.kernelChains().getOrDefault(h.kernelChain(), List.of()).contains(IptablesRenderer.hookHash(h)))
        .toList();
    String text = renderer.delta(table, known.ourChains(), dp, missing);
    if (text.isEmpty()) {
      return onSuccess == WriteOutcome.WRITTEN ? WriteOutcome.UNCHANGED : onSuccess;
    }
    CommandRunner.Output out = runner.run(List.of(tool("-restore"), "--noflush", "-w", "10"), text);
    if (!out.ok()) {
      lastError = out.stderr().strip();
      log.warn("{}-restore of the {} table failed ({}): {}", tool(""), table.iptablesName(), onSuccess == WriteOutcome.WRITTEN ? "desired state" : "fail-safe",
          lastError);
      resync.request();
      return WriteOutcome.FAILED;
    }
    Map<String, List<String>> chains = new LinkedHashMap<>();
    dp.chains().forEach(c -> chains.put(c.name(), c.ruleHashes()));
    Map<String, List<String>> kernel = new LinkedHashMap<>(known.kernelChains());
    for (Dataplane.Hook h : missing) {
      kernel.merge(h.kernelChain(), List.of(IptablesRenderer.hookHash(h)),
          (had, hook) -> Stream.concat(hook.stream(), had.stream()).toList());
    }
    reads.wrote(OURS, known.ourChains(), chains);
    reads.wrote(KERNEL, known.kernelChains(), kernel);
    known = new IptablesState(chains, kernel);
    if (onSuccess == WriteOutcome.WRITTEN) {
      lastError = null;
    }
    return onSuccess;
  }
}
