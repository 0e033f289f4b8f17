package io.jcalico.felix.dataplane;

import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.driver.ipset.IpsetDriver;
import io.jcalico.felix.driver.iptables.IptablesDriver;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.ir.IpSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The iptables backend: IP sets first (so new rules find their sets), then each family's filter
 * table, then each family's nat table (when the desired state manages it), then the sets no rule
 * uses any more (Felix's order). If a set could not be updated, the rules using it are not
 * trusted and their endpoints are quarantined by the table drivers.
 */
public final class IptablesPolicyTables implements PolicyTables {
  private final IpsetDriver ipsets;
  private final IptablesDriver v4;
  private final IptablesDriver v6;
  private final IptablesDriver natV4;
  private final IptablesDriver natV6;

  public IptablesPolicyTables(CommandRunner runner, Clock clock, Duration ipsetResync, Duration tableResync) {
    this.ipsets = new IpsetDriver(runner, clock, ipsetResync);
    this.v4 = new IptablesDriver(4, runner, clock, tableResync);
    this.v6 = new IptablesDriver(6, runner, clock, tableResync);
    this.natV4 = new IptablesDriver(4, Dataplane.Table.NAT, runner, clock, tableResync);
    this.natV6 = new IptablesDriver(6, Dataplane.Table.NAT, runner, clock, tableResync);
  }

  @Override
  public WriteOutcome apply(DesiredState desired) {
    List<Dataplane> tables = Stream.of(desired.v4(), desired.v6(), desired.natV4(), desired.natV6())
        .filter(Objects::nonNull).toList();
    List<IpSet> sets = new ArrayList<>();
    tables.forEach(t -> sets.addAll(t.ipSets().values()));
    Set<String> unsettled = ipsets.update(sets);
    WriteOutcome o = v4.apply(desired.v4(), unsettled).worst(v6.apply(desired.v6(), unsettled));
    if (desired.natV4() != null) {
      o = o.worst(natV4.apply(desired.natV4(), unsettled));
    }
    if (desired.natV6() != null) {
      o = o.worst(natV6.apply(desired.natV6(), unsettled));
    }
    if (!unsettled.isEmpty()) {
      return o.worst(WriteOutcome.FAIL_SAFE);
    }
    if (o.converged() && !ipsets.removeStale()) {
      return WriteOutcome.FAILED; // rules are right; a retry cleans up
    }
    return o;
  }

  @Override
  public void resyncNow() {
    ipsets.resyncNow();
    Stream.of(v4, v6, natV4, natV6).forEach(IptablesDriver::resyncNow);
  }

  @Override
  public ReadBack readBackIfDue() {
    return ReadBack.all(ipsets.readBackIfDue(), v4.readBackIfDue(), v6.readBackIfDue(), natV4.readBackIfDue(),
        natV6.readBackIfDue());
  }

  @Override
  public CompileOptions compileOptions() {
    return CompileOptions.IPTABLES;
  }

  @Override
  public String lastError() {
    return Stream.of(ipsets.lastError(), v4.lastError(), v6.lastError(), natV4.lastError(), natV6.lastError())
        .filter(Objects::nonNull).findFirst().orElse(null);
  }
}
