package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.felix.testing.PolicyFixture;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.model.PolicyInput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node's policy calculation from datastore snapshots: which endpoints are local, what a
 * change bumps, namespace labels through profiles (explicit or implicit), and that a resource
 * that cannot be translated does not stop the others.
 */
class PolicyCalculatorTest {
  private final PolicyCalculator calc = new PolicyCalculator("node1", CompileOptions.IPTABLES, true);

  private static Map<String, Resource> with(Map<String, Resource> base, String yaml) {
    Map<String, Resource> m = new LinkedHashMap<>(base);
    ResourceCodec.get().parseAll(yaml).forEach(r -> m.put(r.namespace() == null ? r.name() : r.namespace() + "/" + r.name(), r));
    return m;
  }

  @Test
  void onlyThisNodesEndpointsGetChainsButRemoteOnesFillSelectorSets() {
    DesiredState s = PolicyFixture.compute(calc, PolicyFixture.WEB_POLICY);
    assertThat(s.v4().chainsByName()).containsKeys("cali-tw-caliweb", "cali-tw-calidb", "cali-tw-caliclient")
        .doesNotContainKey("cali-tw-califar");
    assertThat(s.v4().ipSets().values()).anySatisfy(set -> assertThat(set.members().toString())
        .contains("198.18.1.3").contains("198.18.2.1"));
  }

  @Test
  void anUnchangedSnapshotChangesNothingAndAChangeBumpsTheGeneration() {
    Map<ResourceKind, Map<String, Resource>> r = PolicyFixture.resources(PolicyFixture.WEB_POLICY);
    r.forEach(calc::update);
    long g = calc.generation();
    r.forEach((k, v) -> assertThat(calc.update(k, v)).isFalse());
    assertThat(calc.generation()).isEqualTo(g);
    assertThat(calc.update(ResourceKind.NETWORK_POLICY, Map.of())).isTrue();
    assertThat(calc.generation()).isEqualTo(g + 1);
    assertThat(calc.compute().v4().chainsByName()).doesNotContainKey("cali-pi-default/prod/web");
  }

  @Test
  void namespaceLabelsComeFromTheProfileAndFollowItsChanges() {
    String byNamespace = """
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: staging-only}
        spec:
          namespaceSelector: env == 'staging'
          types: [Ingress]
        """;
    Map<ResourceKind, Map<String, Resource>> r = PolicyFixture.resources(byNamespace);
    r.forEach(calc::update);
    assertThat(calc.compute().v4().chainsByName()).doesNotContainKey("cali-pi-default/staging-only");
    calc.update(ResourceKind.PROFILE, with(r.get(ResourceKind.PROFILE), """
        apiVersion: projectcalico.org/v3
        kind: Profile
        metadata: {name: kns.prod}
        spec:
          ingress: [{action: Allow}]
          egress: [{action: Allow}]
          labelsToApply: {pcns.env: staging}
        """));
    assertThat(calc.compute().v4().chainsByName()).containsKey("cali-pi-default/staging-only");
  }

  @Test
  void aMissingNamespaceProfileIsTheAllowAllOneCalicoWouldCreate() {
    Map<ResourceKind, Map<String, Resource>> r = PolicyFixture.resources("");
    r.put(ResourceKind.PROFILE, Map.of());
    r.forEach(calc::update);
    PolicyInput in = calc.input();
    assertThat(in.profiles()).containsKey("kns.prod");
    assertThat(in.localEndpoints()).allSatisfy(e -> assertThat(e.labels()).containsEntry("pcns.projectcalico.org/name", "prod"));
    PolicyCalculator strict = new PolicyCalculator("node1", CompileOptions.IPTABLES, false);
    r.forEach(strict::update);
    assertThat(strict.input().profiles()).isEmpty();
  }

  @Test
  void aPolicyThatCannotBeTranslatedIsLeftOutAndTheRestStillCompiles() {
    Map<ResourceKind, Map<String, Resource>> r = PolicyFixture.resources(PolicyFixture.WEB_POLICY);
    Resource broken = ResourceCodec.get().parseOne("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: broken}
        spec: {selector: "app == ", types: [Ingress]}
        """);
    r.get(ResourceKind.GLOBAL_NETWORK_POLICY).put("broken", broken);
    r.forEach(calc::update);
    assertThat(calc.input().policies()).hasSize(1);
    assertThat(calc.compute().v4().chainsByName()).containsKey("cali-pi-default/prod/web");
  }
}
