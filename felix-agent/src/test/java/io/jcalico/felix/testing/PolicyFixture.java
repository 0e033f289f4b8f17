package io.jcalico.felix.testing;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.felix.calc.PolicyCalculator;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cluster for driver and calculator tests, as datastore documents: namespace profile
 * {@code kns.prod}, pods web, db and client on node1 and a client on node2, plus whatever
 * policies a test adds. {@link #compute} runs the production calculation over it.
 */
public final class PolicyFixture {
  public static final String BASE = """
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata: {name: kns.prod}
      spec:
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
        labelsToApply: {pcns.env: prod}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-web-eth0, namespace: prod, labels: {app: web}}
      spec: {orchestrator: k8s, node: node1, pod: web, endpoint: eth0, interfaceName: caliweb,
             ipNetworks: [198.18.1.1/32, "fd00::1:1/128"], profiles: [kns.prod],
             ports: [{name: http, protocol: TCP, port: 8080}]}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-db-eth0, namespace: prod, labels: {app: db}}
      spec: {orchestrator: k8s, node: node1, pod: db, endpoint: eth0, interfaceName: calidb,
             ipNetworks: [198.18.1.2/32], profiles: [kns.prod]}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-client-eth0, namespace: prod, labels: {app: client}}
      spec: {orchestrator: k8s, node: node1, pod: client, endpoint: eth0, interfaceName: caliclient,
             ipNetworks: [198.18.1.3/32], profiles: [kns.prod]}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node2-k8s-far-eth0, namespace: prod, labels: {app: client}}
      spec: {orchestrator: k8s, node: node2, pod: far, endpoint: eth0, interfaceName: califar,
             ipNetworks: [198.18.2.1/32], profiles: [kns.prod]}
      """;

  /** Web: ingress from clients (a selector IP set) on 8080 and from a net; db: no policy. */
  public static final String WEB_POLICY = """
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: web, namespace: prod}
      spec:
        selector: app == 'web'
        ingress:
        - {action: Allow, protocol: TCP, source: {selector: app == 'client'}, destination: {ports: [8080]}}
        - {action: Allow, source: {nets: [198.19.0.0/16, 198.20.0.0/16]}}
      """;

  /** Db: ingress from 198.19/16 only (no IP set). */
  public static final String DB_POLICY = """
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: db, namespace: prod}
      spec:
        selector: app == 'db'
        ingress: [{action: Allow, protocol: TCP, source: {nets: [198.19.0.0/16]}, destination: {ports: [5432]}}]
      """;

  private PolicyFixture() {}

  /** The documents by kind, keyed as the datastore syncer keys them. */
  public static Map<ResourceKind, Map<String, Resource>> resources(String yaml) {
    Map<ResourceKind, Map<String, Resource>> out = new EnumMap<>(ResourceKind.class);
    PolicyCalculator.kinds().forEach(k -> out.put(k, new LinkedHashMap<>()));
    List<Resource> docs = ResourceCodec.get().parseAll(yaml.isBlank() ? BASE : BASE + "---\n" + yaml);
    for (Resource r : docs) {
      out.get(r.kind()).put(r.namespace() == null ? r.name() : r.namespace() + "/" + r.name(), r);
    }
    return out;
  }

  /** The base cluster plus {@code yaml}, fed to {@code calc}; returns its desired state. */
  public static DesiredState compute(PolicyCalculator calc, String yaml) {
    resources(yaml).forEach(calc::update);
    return calc.compute();
  }

  public static DesiredState compute(CompileOptions options, String yaml) {
    return compute(new PolicyCalculator("node1", options, true), yaml);
  }
}
