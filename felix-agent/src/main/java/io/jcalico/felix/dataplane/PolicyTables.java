package io.jcalico.felix.dataplane;

import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;

/**
 * One policy backend's kernel tables, both IP families: iptables with ipsets, or nftables.
 * Called from the policy dataplane's one writer thread.
 */
public interface PolicyTables {

  /** Converges every table on {@code desired}; the worst outcome of any table. */
  WriteOutcome apply(DesiredState desired);

  /** The next apply reads every table back first. */
  void resyncNow();

  /**
   * A read-back of every table whose resync interval has passed, to run beside the writer (see
   * {@link ReadBack}); null when none is due. Call between two applies.
   */
  ReadBack readBackIfDue();

  /** How the calculation must compile for this backend. */
  CompileOptions compileOptions();

  /** Why the last failed write failed, or null. */
  String lastError();
}
