package io.jcalico.felix.dataplane;

import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.driver.nft.NftDriver;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The nftables backend: one table per family, sets inside it, its filter chains and (when the
 * desired state manages nat) its nat chains side by side, written in one transaction.
 */
public final class NftPolicyTables implements PolicyTables {
  private final NftDriver v4;
  private final NftDriver v6;

  public NftPolicyTables(CommandRunner runner, Clock clock, Duration resync) {
    this.v4 = new NftDriver(4, runner, clock, resync);
    this.v6 = new NftDriver(6, runner, clock, resync);
  }

  @Override
  public WriteOutcome apply(DesiredState desired) {
    return v4.apply(NftablesRenderer.withNat(desired, 4)).worst(v6.apply(NftablesRenderer.withNat(desired, 6)));
  }

  @Override
  public void resyncNow() {
    v4.resyncNow();
    v6.resyncNow();
  }

  @Override
  public ReadBack readBackIfDue() {
    return ReadBack.all(v4.readBackIfDue(), v6.readBackIfDue());
  }

  @Override
  public CompileOptions compileOptions() {
    return CompileOptions.NFTABLES;
  }

  @Override
  public String lastError() {
    return Stream.of(v4.lastError(), v6.lastError()).filter(Objects::nonNull).findFirst().orElse(null);
  }
}
