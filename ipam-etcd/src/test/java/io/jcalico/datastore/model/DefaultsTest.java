package io.jcalico.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.GlobalNetworkPolicy.GlobalNetworkPolicySpec;
import io.jcalico.datastore.model.NetworkPolicy.NetworkPolicySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults Calico writes on create, and only those. */
class DefaultsTest {

  private static Resource parse(String yaml) {
    return ResourceCodec.get().parseOne(yaml);
  }

  @Test
  void ipv4PoolGetsCalicosDefaults() {
    IPPool pool = Defaults.fill((IPPool) parse("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-1}
        spec: {cidr: 198.18.0.0/16}
        """));
    IPPoolSpec s = pool.spec();
    assertThat(s.blockSize()).isEqualTo(26);
    assertThat(s.ipipMode()).isEqualTo("Never");
    assertThat(s.vxlanMode()).isEqualTo("Never");
    assertThat(s.nodeSelector()).isEqualTo("all()");
    assertThat(s.allowedUses()).containsExactly("Workload", "Tunnel");
    assertThat(s.assignmentMode()).isEqualTo("Automatic");
    assertThat(s.natOutgoing()).isNull();
    assertThat(s.disabled()).isNull();
  }

  @Test
  void ipv6PoolGets122BlocksAndCanonicalCidrText() {
    IPPool pool = Defaults.fill(new IPPool(ObjectMeta.named("v6"), IPPoolSpec.ofCidr("fd00:0:0:10:0::/64")));
    assertThat(pool.spec().cidr()).isEqualTo("fd00:0:0:10::/64");
    assertThat(pool.spec().blockSize()).isEqualTo(122);
  }

  @Test
  void explicitPoolValuesStayAndBadCidrIsLeftForTheValidator() {
    IPPoolSpec given = IPPoolSpec.ofCidr("198.18.0.0/16").withBlockSize(24).withModes("CrossSubnet", null)
        .withNodeSelector("rack == 'a'").withAllowedUses(List.of("Tunnel"));
    IPPoolSpec s = Defaults.fill(new IPPool(ObjectMeta.named("p"), given)).spec();
    assertThat(s.blockSize()).isEqualTo(24);
    assertThat(s.ipipMode()).isEqualTo("CrossSubnet");
    assertThat(s.vxlanMode()).isEqualTo("Never");
    assertThat(s.nodeSelector()).isEqualTo("rack == 'a'");
    assertThat(s.allowedUses()).containsExactly("Tunnel");

    IPPoolSpec hostBits = Defaults.fill(new IPPool(ObjectMeta.named("p"), IPPoolSpec.ofCidr("198.18.0.1/16"))).spec();
    assertThat(hostBits.cidr()).isEqualTo("198.18.0.1/16");
    IPPoolSpec garbage = Defaults.fill(new IPPool(ObjectMeta.named("p"), IPPoolSpec.ofCidr("nope"))).spec();
    assertThat(garbage.cidr()).isEqualTo("nope");
    assertThat(garbage.blockSize()).isNull();
  }

  @Test
  void policyTypesAreInferredFromTheRulesAsCalicoDoes() {
    Rule allow = Rule.action("Allow");
    assertThat(PolicySpec.inferTypes(null, null)).containsExactly("Ingress");
    assertThat(PolicySpec.inferTypes(List.of(allow), null)).containsExactly("Ingress");
    assertThat(PolicySpec.inferTypes(null, List.of(allow))).containsExactly("Egress");
    assertThat(PolicySpec.inferTypes(List.of(allow), List.of(allow))).containsExactly("Ingress", "Egress");
    assertThat(PolicySpec.inferTypes(List.of(), List.of())).containsExactly("Ingress");
  }

  @Test
  void networkPolicyGetsTierTypesAndNamespaceButNoOrder() {
    NetworkPolicy np = Defaults.fill((NetworkPolicy) parse("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: egress-only}
        spec:
          selector: app == 'web'
          types: []
          egress: [{action: Allow}]
        """));
    NetworkPolicySpec s = np.spec();
    assertThat(np.namespace()).isEqualTo("default");
    assertThat(s.tier()).isEqualTo("default");
    assertThat(s.types()).containsExactly("Egress");
    assertThat(s.order()).isNull();
  }

  @Test
  void globalPolicyKeepsItsTierTypesAndOrder() {
    GlobalNetworkPolicy gnp = Defaults.fill((GlobalNetworkPolicy) parse("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: security.block}
        spec:
          tier: security
          order: 10
          types: [Ingress]
          egress: [{action: Deny}]
        """));
    GlobalNetworkPolicySpec s = gnp.spec();
    assertThat(s.tier()).isEqualTo("security");
    assertThat(s.types()).containsExactly("Ingress");
    assertThat(s.order()).isEqualTo(10.0);
    assertThat(gnp.namespace()).isNull();
  }

  @Test
  void bgpConfigurationGetsSchemaDefaultsButNotReadTimeOnes() {
    BGPConfiguration c = Defaults.fill((BGPConfiguration) parse("""
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec: {}
        """));
    BGPConfigurationSpec s = c.spec();
    assertThat(s.logSeverityScreen()).isEqualTo("Info");
    assertThat(s.serviceLoadBalancerAggregation()).isEqualTo("Enabled");
    assertThat(s.asNumber()).isNull();
    assertThat(s.nodeToNodeMeshEnabled()).isNull();
    assertThat(s.effectiveAsNumber()).isEqualTo(AsNumber.of(64512));
    assertThat(s.effectiveNodeToNodeMesh()).isTrue();
    assertThat(s.effectiveListenPort()).isEqualTo(179);

    BGPConfiguration debug = Defaults.fill(c.withSpec(s.withLogSeverityScreen("Debug")));
    assertThat(debug.spec().logSeverityScreen()).isEqualTo("Debug");
  }

  @Test
  void fillingTwiceChangesNothingMore() {
    Resource pool = Defaults.fill(new IPPool(ObjectMeta.named("p"), IPPoolSpec.ofCidr("198.18.0.0/16")));
    assertThat(Defaults.fill(pool)).isEqualTo(pool);
    Resource wep = parse("""
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: n-k8s-p-eth0}
        spec: {interfaceName: cali1}
        """);
    Resource filled = Defaults.fill(wep);
    assertThat(filled.namespace()).isEqualTo("default");
    assertThat(Defaults.fill(filled)).isEqualTo(filled);
  }
}
