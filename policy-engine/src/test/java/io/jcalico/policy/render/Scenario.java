package io.jcalico.policy.render;

import io.jcalico.policy.Cluster;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Compiler;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.model.PolicyInput;

/**
 * The policy set the golden files and the kernel checks render: every rule feature once
 * (selectors, namespaces, service accounts, nets and notNets, port ranges past the multiport
 * limit, named ports, protocols, ICMP, Log, Pass, Deny, IPv6-only rules, Kubernetes policy
 * with ipBlock except), and a changed version of it for delta checks.
 */
final class Scenario {

  static final String POLICIES = """
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkPolicy
      metadata: {name: pass-prod}
      spec:
        order: 1
        selector: all()
        ingress: [{action: Pass, source: {namespaceSelector: env == 'prod'}}]
      ---
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkPolicy
      metadata: {name: ops-and-icmp}
      spec:
        order: 5
        selector: has(app)
        ingress:
        - action: Log
          protocol: TCP
          destination: {ports: [22]}
        - action: Deny
          protocol: ICMP
          notICMP: {type: 8, code: 0}
        - action: Allow
          protocol: ICMPv6
          icmp: {type: 128}
        - action: Allow
          source: {nets: [198.19.0.0/16, 198.21.0.0/16], notNets: [198.19.5.0/24]}
        - action: Allow
          ipVersion: 6
          source: {nets: ["fd00::9:0/112"]}
        egress:
        - action: Deny
          notProtocol: UDP
          destination: {nets: [198.20.0.0/16]}
      ---
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: web, namespace: prod}
      spec:
        order: 100
        selector: app == 'web'
        types: [Ingress, Egress]
        ingress:
        - action: Allow
          protocol: TCP
          source: {selector: app == 'client', namespaceSelector: "env in {'prod', 'dev'}"}
          destination: {ports: [http, 8443, "9000:9100"]}
        - action: Allow
          protocol: TCP
          source: {serviceAccounts: {names: [client-sa]}}
          destination: {ports: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]}
        egress:
        - action: Allow
          protocol: TCP
          destination: {selector: app == 'db', ports: [pg], notPorts: ["5000:5001"]}
        - action: Allow
          protocol: UDP
          destination: {ports: [53]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db, namespace: prod}
      spec:
        podSelector: {matchLabels: {app: db}}
        policyTypes: [Ingress]
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}, {ipBlock: {cidr: 198.19.0.0/16, except: [198.19.5.0/24]}}]
          ports: [{protocol: TCP, port: 5432}, {protocol: UDP, port: 9000, endPort: 9010}]
      """;

  /** The same with one rule changed and the Kubernetes policy removed. */
  static final String CHANGED = POLICIES
      .replace("destination: {ports: [http, 8443, \"9000:9100\"]}", "destination: {ports: [http, 8443, \"9000:9200\"]}")
      .substring(0, POLICIES.indexOf("---\napiVersion: networking.k8s.io/v1"));

  static DesiredState compile(String policies, CompileOptions options) {
    PolicyInput in = Cluster.with(policies);
    return new Compiler(options).compile(in);
  }

  private Scenario() {}
}
