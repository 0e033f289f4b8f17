package io.jcalico.felix.driver.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.driver.ipset.IpsetDriver;
import io.jcalico.felix.testing.DriverKernelTest;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.DesiredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The iptables driver against a real filter table in a namespace made for each test: converge,
 * write nothing when nothing changed, write only the changed chain, trust its writes until the
 * resync interval and then heal hand edits from a read-back made beside the writer (without
 * undoing writes made while it ran), adopt the table after a restart, and fail closed when the
 * kernel refuses a write.
 */
class IptablesDriverKernelTest extends DriverKernelTest {
  private static final Duration RESYNC = Duration.ofSeconds(180);

  IptablesDriverKernelTest() {
    super("ipt");
  }

  private final DesiredState dbOnly = dbOnly(CompileOptions.IPTABLES);
  private final DesiredState both = both(CompileOptions.IPTABLES);

  private IptablesDriver driver(int v) {
    return new IptablesDriver(v, runner, clock, RESYNC);
  }

  private String save(String tool) {
    return ns.exec(tool, "-t", "filter").output();
  }

  private void withSets(DesiredState s) {
    List<io.jcalico.policy.ir.IpSet> sets = new ArrayList<>(s.v4().ipSets().values());
    sets.addAll(s.v6().ipSets().values());
    assertThat(new IpsetDriver(runner, clock, RESYNC).update(sets)).isEmpty();
  }

  @Test
  void convergesBothFamiliesThenWritesNothing() {
    withSets(both);
    for (int v : List.of(4, 6)) {
      IptablesDriver d = driver(v);
      Dataplane dp = both.family(v);
      assertThat(d.apply(dp, Set.of())).isEqualTo(WriteOutcome.WRITTEN);
      String saved = save(v == 4 ? "iptables-save" : "ip6tables-save");
      dp.chains().forEach(c -> c.ruleHashes().forEach(h -> assertThat(saved).contains("cali:" + h)));
      assertThat(saved).contains("-A FORWARD -m comment --comment \"cali:").contains("-A INPUT -m comment --comment \"cali:");
      runner.clear();
      assertThat(d.apply(dp, Set.of())).isEqualTo(WriteOutcome.UNCHANGED);
      assertThat(runner.calls(v == 4 ? "iptables-restore" : "ip6tables-restore")).isEmpty();
    }
  }

  @Test
  void aChangedPolicyRewritesOnlyWhatChanged() {
    withSets(both);
    IptablesDriver d = driver(4);
    d.apply(dbOnly.v4(), Set.of());
    runner.clear();
    assertThat(d.apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    String delta = runner.writes("iptables-restore").get(0);
    assertThat(delta).contains(":cali-pi-default/prod/web - [0:0]", "-A cali-pi-default/prod/web", "cali-tw-caliweb")
        .doesNotContain("cali-pi-default/prod/db", "cali-tw-calidb", "cali-fw-caliweb", "-I FORWARD");
  }

  @Test
  void handEditsAreHealedAfterTheNextReadBackNotBefore() {
    withSets(both);
    IptablesDriver d = driver(4);
    d.apply(both.v4(), Set.of());
    String good = save("iptables-save");
    ns.exec("iptables", "-F");
    ns.exec("iptables", "-X", "cali-pi-default/prod/db");
    assertThat(d.readBackIfDue()).as("no read-back before the resync interval").isNull();
    assertThat(d.apply(both.v4(), Set.of())).as("trusts its last write until resync").isEqualTo(WriteOutcome.UNCHANGED);
    clock.advance(RESYNC);
    d.readBackIfDue().read().run();
    assertThat(d.apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(rules(save("iptables-save"))).isEqualTo(rules(good));
  }

  @Test
  void aWriteDuringAReadBackIsNotUndoneByIt() {
    withSets(both);
    IptablesDriver d = driver(4);
    d.apply(dbOnly.v4(), Set.of());
    String dbRules = save("iptables-save");
    clock.advance(RESYNC);
    Runnable takeIn = d.readBackIfDue().read(); // sees db's chains only
    assertThat(d.apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    takeIn.run();
    // web's chains are known as written after the read, not as missing: going back removes them
    assertThat(d.apply(dbOnly.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(rules(save("iptables-save"))).isEqualTo(rules(dbRules));
  }

  @Test
  void aRestartedDriverAdoptsTheTableWithoutWriting() {
    withSets(both);
    driver(4).apply(both.v4(), Set.of());
    runner.clear();
    assertThat(driver(4).apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.UNCHANGED);
    assertThat(runner.calls("iptables-restore")).isEmpty();
  }

  @Test
  void aRefusedWriteQuarantinesTheAffectedEndpointOnlyUntilAWriteSucceeds() {
    IptablesDriver d = driver(4);
    assertThat(d.apply(dbOnly.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    // web's new policy needs an IP set that is not there: the kernel refuses the whole restore
    assertThat(d.apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.FAIL_SAFE);
    assertThat(d.lastError()).contains("cali40s:");
    String saved = save("iptables-save");
    assertThat(chain(saved, "cali-tw-caliweb")).hasSize(1).allMatch(r -> r.contains("Fail-safe") && r.endsWith("-j DROP"));
    assertThat(chain(saved, "cali-tw-calidb")).hasSize(both.v4().chainsByName().get("cali-tw-calidb").rules().size());
    assertThat(saved).doesNotContain(":cali-pi-default/prod/web");
    withSets(both);
    assertThat(d.apply(both.v4(), Set.of())).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(chain(save("iptables-save"), "cali-tw-caliweb"))
        .hasSize(both.v4().chainsByName().get("cali-tw-caliweb").rules().size());
  }

  private static List<String> chain(String saved, String name) {
    return saved.lines().filter(l -> l.startsWith("-A " + name + " ")).toList();
  }

  private static List<String> rules(String saved) {
    return saved.lines().filter(l -> l.startsWith("-A ") || l.startsWith(":cali")).sorted().toList();
  }
}
