package io.jcalico.felix.driver.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.felix.testing.DriverKernelTest;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nftables driver against the kernel: converge, read the table back as written (a
 * restarted driver writes nothing), send only changed chains, heal a deleted table after a
 * read-back made beside the writer (without undoing writes made while it ran), and quarantine
 * when nft refuses the script.
 */
class NftDriverKernelTest extends DriverKernelTest {
  private static final Duration RESYNC = Duration.ofSeconds(180);

  NftDriverKernelTest() {
    super("nft");
  }

  private final DesiredState dbOnly = dbOnly(CompileOptions.NFTABLES);
  private final DesiredState both = both(CompileOptions.NFTABLES);

  private NftDriver driver(int v) {
    return new NftDriver(v, runner, clock, RESYNC);
  }

  @Test
  void convergesAndARestartedDriverReadsItBackWithoutRewritingChains() {
    for (int v : List.of(4, 6)) {
      assertThat(driver(v).apply(both.family(v))).isEqualTo(WriteOutcome.WRITTEN);
      String listed = ns.exec("nft", "list", "table", v == 4 ? "ip" : "ip6", "calico").output();
      both.family(v).chains().forEach(c -> c.ruleHashes().forEach(h -> assertThat(listed).contains("cali:" + h)));
      assertThat(listed).contains("hook forward", "hook input");
      runner.clear();
      NftDriver restarted = driver(v);
      restarted.apply(both.family(v));
      // set contents are not compared on read-back: a restart refills sets once, chains stay
      runner.writes("nft").forEach(w -> assertThat(w).doesNotContain("chain"));
      runner.clear();
      assertThat(restarted.apply(both.family(v))).isEqualTo(WriteOutcome.UNCHANGED);
      assertThat(runner.writes("nft")).isEmpty();
    }
  }

  @Test
  void aChangedPolicySendsOnlyTheChainsThatChanged() {
    NftDriver d = driver(4);
    d.apply(dbOnly.v4());
    runner.clear();
    assertThat(d.apply(both.v4())).isEqualTo(WriteOutcome.WRITTEN);
    String script = runner.writes("nft").get(0);
    assertThat(script).contains("add chain ip calico cali-pi-default/prod/web", "flush chain ip calico cali-tw-caliweb")
        .doesNotContain("cali-pi-default/prod/db", "cali-tw-calidb", "filter-FORWARD", "delete table");
  }

  @Test
  void aTableDeletedByHandComesBackAfterTheNextReadBack() {
    NftDriver d = driver(4);
    d.apply(both.v4());
    ns.exec("nft", "delete", "table", "ip", "calico");
    assertThat(d.readBackIfDue()).as("no read-back before the resync interval").isNull();
    assertThat(d.apply(both.v4())).isEqualTo(WriteOutcome.UNCHANGED);
    clock.advance(RESYNC);
    d.readBackIfDue().read().run();
    assertThat(d.apply(both.v4())).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(ns.exec("nft", "list", "table", "ip", "calico").output()).contains("chain cali-pi-default/prod/web");
  }

  @Test
  void aWriteDuringAReadBackIsNotUndoneByIt() {
    NftDriver d = driver(4);
    d.apply(dbOnly.v4());
    clock.advance(RESYNC);
    Runnable takeIn = d.readBackIfDue().read(); // sees db's chains only
    assertThat(d.apply(both.v4())).isEqualTo(WriteOutcome.WRITTEN);
    takeIn.run();
    // web's chains are known as written after the read, not as missing: going back removes them
    assertThat(d.apply(dbOnly.v4())).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(ns.exec("nft", "list", "table", "ip", "calico").output()).doesNotContain("prod/web");
  }

  @Test
  void aRefusedScriptQuarantinesTheEndpointWhosePolicyChanged() {
    NftDriver d = new NftDriver(4, (argv, stdin) -> stdin != null && stdin.contains("prod/web")
        ? new CommandRunner.Output(argv, 1, "", "Error: refused") : runner.run(argv, stdin), clock, RESYNC);
    d.apply(dbOnly.v4());
    assertThat(d.apply(both.v4())).isEqualTo(WriteOutcome.FAIL_SAFE);
    String listed = ns.exec("nft", "list", "chain", "ip", "calico", "cali-tw-caliweb").output();
    assertThat(listed).contains("drop comment \"cali:").contains("Fail-safe");
    assertThat(ns.exec("nft", "list", "chain", "ip", "calico", "cali-tw-calidb").output()).contains("cali-pi-default/prod/db");
  }
}
