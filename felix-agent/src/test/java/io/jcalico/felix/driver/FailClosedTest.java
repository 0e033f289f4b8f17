package io.jcalico.felix.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.testing.PolicyFixture;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Dataplane;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which endpoints the fail-safe quarantines, and that it keeps what is already right. */
class FailClosedTest {
  private final Dataplane before = PolicyFixture.compute(CompileOptions.IPTABLES, PolicyFixture.DB_POLICY).v4();
  private final Dataplane after =
      PolicyFixture.compute(CompileOptions.IPTABLES, PolicyFixture.DB_POLICY + "---\n" + PolicyFixture.WEB_POLICY).v4();

  private static Map<String, List<String>> hashes(Dataplane dp) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    dp.chains().forEach(c -> m.put(c.name(), c.ruleHashes()));
    return m;
  }

  @Test
  void nothingIsQuarantinedWhenTheKernelAlreadyHoldsTheDesiredState() {
    assertThat(FailClosed.degrade(after, hashes(after), Set.of())).isEqualTo(after);
  }

  @Test
  void onlyTheEndpointWhosePolicyChangedIsQuarantined() {
    Dataplane d = FailClosed.degrade(after, hashes(before), Set.of());
    assertThat(FailClosed.quarantinedChains(d)).containsExactly("cali-tw-caliweb");
    Map<String, Chain> chains = d.chainsByName();
    assertThat(chains.get("cali-tw-calidb")).isEqualTo(after.chainsByName().get("cali-tw-calidb"));
    assertThat(chains).containsKey("cali-pi-default/prod/db").doesNotContainKey("cali-pi-default/prod/web");
    assertThat(chains.get("cali-to-wl-dispatch")).isEqualTo(after.chainsByName().get("cali-to-wl-dispatch"));
    assertThat(d.ipSets()).isEmpty(); // the client set was only used by web's new policy
    assertThat(d.hooks()).isEqualTo(after.hooks());
  }

  @Test
  void endpointsUsingAnIpSetThatFailedToUpdateAreQuarantined() {
    String clientSet = after.ipSets().keySet().iterator().next();
    Dataplane d = FailClosed.degrade(after, hashes(after), Set.of(clientSet));
    assertThat(FailClosed.quarantinedChains(d)).containsExactly("cali-tw-caliweb");
    assertThat(d.chainsByName()).containsKey("cali-pi-default/prod/db");
  }

  @Test
  void onANewNodeEveryEndpointIsQuarantinedAndUnknownInterfacesStillDrop() {
    Dataplane d = FailClosed.degrade(after, Map.of(), Set.of());
    assertThat(FailClosed.quarantinedChains(d)).containsExactlyInAnyOrder("cali-tw-caliweb", "cali-fw-caliweb",
        "cali-tw-calidb", "cali-fw-calidb", "cali-tw-caliclient", "cali-fw-caliclient");
    assertThat(d.chainsByName().keySet()).noneMatch(n -> n.startsWith("cali-pi-") || n.startsWith("cali-pri-"));
    assertThat(d.chainsByName().get("cali-from-wl-dispatch").rules()).last()
        .satisfies(r -> assertThat(r.comment()).isEqualTo("Unknown interface"));
  }

  @Test
  void lockdownQuarantinesEveryEndpointAndWritesNoPolicy() {
    Dataplane d = FailClosed.lockdown(after);
    assertThat(FailClosed.quarantinedChains(d)).hasSize(6);
    assertThat(d.ipSets()).isEmpty();
    assertThat(d.chainsByName().keySet()).allMatch(n -> !n.startsWith("cali-pi-") && !n.startsWith("cali-pro-"));
  }
}
