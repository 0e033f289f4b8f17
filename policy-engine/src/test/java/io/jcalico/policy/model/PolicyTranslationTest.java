package io.jcalico.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.NetworkPolicy;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.validate.Validator;
import org.junit.jupiter.api.Test;

/** v3 and Kubernetes documents to backend form, with the selectors libcalico-go would build. */
class PolicyTranslationTest {

  private static <R extends Resource> R parse(String yaml, Class<R> type) {
    return type.cast(Validator.check(ResourceCodec.get().parseAll(yaml).get(0)));
  }

  @Test
  void namespacedPolicyIsScopedToItsNamespaceAndSoAreItsRuleSelectors() {
    Policy p = CalicoPolicies.of(parse("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: p, namespace: ns1}
        spec:
          order: 10
          selector: role == 'db'
          serviceAccountSelector: team == 'a'
          egress:
          - action: Allow
            destination: {notSelector: role == 'x'}
          - action: Allow
            source: {namespaceSelector: all()}
          - action: Deny
            destination: {nets: [198.18.0.0/16]}
        """, NetworkPolicy.class));
    assertThat(p.id().key()).isEqualTo("default/ns1/p");
    assertThat(p.order()).isEqualTo(10.0);
    assertThat(p.selector().canonical())
        .isEqualTo("(projectcalico.org/namespace == \"ns1\" && role == \"db\" && pcsa.team == \"a\")");
    assertThat(p.ingress()).isFalse();
    assertThat(p.egress()).isTrue();
    // notSelector alone still limits the positive side to the namespace; notSelector stays global
    EntityMatch d0 = p.egressRules().get(0).destination();
    assertThat(d0.selector().canonical()).isEqualTo("projectcalico.org/namespace == \"ns1\"");
    assertThat(d0.notSelector().canonical()).isEqualTo("role == \"x\"");
    // namespaceSelector all() means any namespaced endpoint
    assertThat(p.egressRules().get(1).source().selector().canonical()).isEqualTo("has(projectcalico.org/namespace)");
    // nets alone do not bring a selector
    assertThat(p.egressRules().get(2).destination().selector()).isNull();
  }

  @Test
  void globalPolicyNamespaceSelectorAndServiceAccounts() {
    Policy p = CalicoPolicies.of(parse("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: g}
        spec:
          selector: has(app)
          namespaceSelector: env == 'prod'
          ingress:
          - action: Allow
            source:
              namespaceSelector: global()
          - action: Allow
            source:
              serviceAccounts: {names: [b, a], selector: tier == 'fe'}
        """, GlobalNetworkPolicy.class));
    assertThat(p.selector().canonical()).isEqualTo("(has(app) && pcns.env == \"prod\")");
    assertThat(p.order()).isNull();
    assertThat(p.ingressRules().get(0).source().selector().canonical()).isEqualTo("!has(projectcalico.org/namespace)");
    assertThat(p.ingressRules().get(1).source().selector().canonical())
        .isEqualTo("(pcsa.tier == \"fe\" && projectcalico.org/serviceaccount in {\"a\", \"b\"})");
  }

  @Test
  void kubernetesPolicyAsCalicoConvertsIt() {
    Policy p = KubernetesPolicies.of(parse("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: k, namespace: ns1}
        spec:
          podSelector:
            matchLabels: {app: web}
            matchExpressions: [{key: tier, operator: NotIn, values: [x, y]}, {key: legacy, operator: DoesNotExist}]
          ingress:
          - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 198.19.0.0/16, except: [198.19.5.0/24]}}]
            ports: [{port: 80}, {protocol: UDP, port: 53}, {protocol: TCP, port: 8000, endPort: 8080}]
          egress:
          - {}
        """, K8sNetworkPolicy.class));
    assertThat(p.id().key()).isEqualTo("default/ns1/knp.default.k");
    assertThat(p.order()).isEqualTo(1000.0);
    assertThat(p.ingress()).isTrue();
    assertThat(p.egress()).isTrue();
    assertThat(p.selector().canonical()).isEqualTo("(projectcalico.org/namespace == \"ns1\" && "
        + "projectcalico.org/orchestrator == \"k8s\" && (app == \"web\" && tier not in {\"x\", \"y\"} && !has(legacy)))");
    // 2 protocols x 2 peers
    assertThat(p.ingressRules()).hasSize(4);
    PolicyRule tcpFromNamespaces = p.ingressRules().get(0);
    assertThat(tcpFromNamespaces.protocol()).isEqualTo(6);
    assertThat(tcpFromNamespaces.destination().ports()).containsExactly(PortRange.of(80), new PortRange(8000, 8080));
    assertThat(tcpFromNamespaces.source().selector().canonical())
        .isEqualTo("(has(projectcalico.org/namespace) && projectcalico.org/orchestrator == \"k8s\")");
    PolicyRule tcpFromBlock = p.ingressRules().get(1);
    assertThat(tcpFromBlock.source().nets()).hasSize(1);
    assertThat(tcpFromBlock.source().notNets().get(0).toCanonicalString()).isEqualTo("198.19.5.0/24");
    assertThat(p.ingressRules().get(2).protocol()).isEqualTo(17);
    // an empty egress rule allows everything
    assertThat(p.egressRules()).containsExactly(PolicyRule.of(Action.ALLOW).withSource(EntityMatch.ANY));
  }
}
