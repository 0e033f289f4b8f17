package io.jcalico.policy;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.NetworkPolicy;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.datastore.validate.Validator;
import io.jcalico.policy.model.CalicoPolicies;
import io.jcalico.policy.model.Endpoint;
import io.jcalico.policy.model.Endpoints;
import io.jcalico.policy.model.KubernetesPolicies;
import io.jcalico.policy.model.Policy;
import io.jcalico.policy.model.PolicyInput;
import io.jcalico.policy.model.ProfileRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test cluster written as Calico v3 documents: namespaces {@code prod} (env=prod) and
 * {@code dev} (env=dev) as Calico's namespace profiles, four pods on this node (node1) and one
 * on node2. Every document is validated before it is translated, so the tests only use
 * resources Calico would accept.
 */
public final class Cluster {

  /** A pod or an outside host: where its packets come in and its address. */
  public record Host(String iface, String ip4, String ip6) {}

  public static final Host WEB = new Host("caliweb", "198.18.1.1", "fd00::1:1");
  public static final Host DB = new Host("calidb", "198.18.1.2", "fd00::1:2");
  public static final Host PROD_CLIENT = new Host("calipclient", "198.18.1.3", "fd00::1:3");
  public static final Host DEV_CLIENT = new Host("calidclient", "198.18.2.1", "fd00::2:1");
  /** A prod client on node2: reaches this node through the uplink. */
  public static final Host REMOTE_CLIENT = new Host("eth0", "198.18.3.1", "fd00::3:1");
  public static final Host OUTSIDE = new Host("eth0", "198.19.0.1", "fd00::9:1");
  public static final Host OUTSIDE_EXCEPTED = new Host("eth0", "198.19.5.7", "fd00::9:5:7");

  static final String BASE = """
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata:
        name: kns.prod
      spec:
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
        labelsToApply: {pcns.env: prod, pcns.projectcalico.org/name: prod}
      ---
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata:
        name: kns.dev
      spec:
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
        labelsToApply: {pcns.env: dev, pcns.projectcalico.org/name: dev}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-web-eth0, namespace: prod, labels: {app: web}}
      spec:
        orchestrator: k8s
        node: node1
        pod: web
        endpoint: eth0
        interfaceName: caliweb
        ipNetworks: [198.18.1.1/32, fd00::1:1/128]
        profiles: [kns.prod]
        serviceAccountName: web-sa
        ports: [{name: http, protocol: TCP, port: 8080}]
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-db-eth0, namespace: prod, labels: {app: db}}
      spec:
        orchestrator: k8s
        node: node1
        pod: db
        endpoint: eth0
        interfaceName: calidb
        ipNetworks: [198.18.1.2/32, fd00::1:2/128]
        profiles: [kns.prod]
        ports: [{name: pg, protocol: TCP, port: 5432}]
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-pclient-eth0, namespace: prod, labels: {app: client}}
      spec:
        orchestrator: k8s
        node: node1
        pod: pclient
        endpoint: eth0
        interfaceName: calipclient
        ipNetworks: [198.18.1.3/32, fd00::1:3/128]
        profiles: [kns.prod]
        serviceAccountName: client-sa
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node1-k8s-dclient-eth0, namespace: dev, labels: {app: client}}
      spec:
        orchestrator: k8s
        node: node1
        pod: dclient
        endpoint: eth0
        interfaceName: calidclient
        ipNetworks: [198.18.2.1/32, fd00::2:1/128]
        profiles: [kns.dev]
        serviceAccountName: client-sa
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node2-k8s-rclient-eth0, namespace: prod, labels: {app: client}}
      spec:
        orchestrator: k8s
        node: node2
        pod: rclient
        endpoint: eth0
        interfaceName: califar
        ipNetworks: [198.18.3.1/32, fd00::3:1/128]
        profiles: [kns.prod]
      """;

  private Cluster() {}

  /** The base cluster plus the given policy documents (may be empty). */
  public static PolicyInput with(String policyYaml) {
    String text = policyYaml.isBlank() ? BASE : BASE + "---\n" + policyYaml;
    List<Resource> resources = ResourceCodec.get().parseAll(text);
    resources.forEach(Validator::check);
    Map<String, Profile> profiles = new LinkedHashMap<>();
    Map<String, ProfileRules> profileRules = new LinkedHashMap<>();
    List<Policy> policies = new ArrayList<>();
    List<WorkloadEndpoint> weps = new ArrayList<>();
    for (Resource r : resources) {
      if (r instanceof Profile p) {
        profiles.put(p.name(), p);
        profileRules.put(p.name(), CalicoPolicies.of(p));
      } else if (r instanceof NetworkPolicy np) {
        policies.add(CalicoPolicies.of(np));
      } else if (r instanceof GlobalNetworkPolicy gnp) {
        policies.add(CalicoPolicies.of(gnp));
      } else if (r instanceof K8sNetworkPolicy knp) {
        policies.add(KubernetesPolicies.of(knp));
      } else if (r instanceof WorkloadEndpoint wep) {
        weps.add(wep);
      }
    }
    List<Endpoint> local = new ArrayList<>();
    List<Endpoint> remote = new ArrayList<>();
    for (WorkloadEndpoint w : weps) {
      (w.spec().node().equals("node1") ? local : remote).add(Endpoints.of(w, profiles));
    }
    return new PolicyInput(policies, profileRules, local, remote);
  }
}
