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
 * The test cluster of the policy cases ({@link PolicyCases}), written as Calico v3 documents:
 * namespaces {@code prod} (env=prod) and {@code dev} (env=dev) as Calico's namespace profiles,
 * four pods on node1 (the node whose policy the tests check), one on node2, and an outside host
 * with two addresses, one of them in an excepted range. The pure tests compile it and walk
 * packets through the result; felix-agent's traffic tests build it from network namespaces and
 * send real packets.
 *
 * <pre>
 *   node1: web (prod, app=web, named port http=8080), db (prod, app=db, named port pg=5432),
 *          pcl (prod, app=client, service account client-sa), dcl (dev, app=client)
 *   node2: rcl (prod, app=client)            outside: out (198.19.0.1), outx (198.19.5.7)
 * </pre>
 */
public final class Cluster {

  /**
   * A pod or an outside host.
   *
   * @param node the pod's node, null outside the cluster
   * @param iface the host end of the pod's veth, null outside the cluster
   */
  public record Host(String name, String node, String iface, String ip4, String ip6) {
    /** On node1, the node whose dataplane the tests check. */
    public boolean local() {
      return LOCAL_NODE.equals(node);
    }

    public String ip(int version) {
      return version == 4 ? ip4 : ip6;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static final String LOCAL_NODE = "node1";

  public static final Host WEB = new Host("web", "node1", "caliweb", "198.18.1.1", "fd00::1:1");
  public static final Host DB = new Host("db", "node1", "calidb", "198.18.1.2", "fd00::1:2");
  public static final Host PCL = new Host("pcl", "node1", "calipcl", "198.18.1.3", "fd00::1:3");
  public static final Host DCL = new Host("dcl", "node1", "calidcl", "198.18.1.4", "fd00::1:4");
  /** A prod client on node2: reaches node1 through the uplink. */
  public static final Host RCL = new Host("rcl", "node2", "calircl", "198.18.2.1", "fd00::2:1");
  public static final Host OUT = new Host("out", null, null, "198.19.0.1", "fd00::9:1");
  /** Outside too, but inside the ranges the cases except (198.19.5.0/24) or leave out. */
  public static final Host OUTX = new Host("outx", null, null, "198.19.5.7", "fd00::a:7");

  public static final List<Host> PODS = List.of(WEB, DB, PCL, DCL, RCL);

  /** The namespace profiles (as Calico's controllers write them: allow all, namespace labels). */
  public static final String PROFILES = profile("prod") + "---\n" + profile("dev");

  /** Profiles and workload endpoints: everything but the policies. */
  public static final String BASE = String.join("---\n", PROFILES,
      endpoint(WEB, "prod", "app: web", "serviceAccountName: web-sa", "ports: [{name: http, protocol: TCP, port: 8080}]"),
      endpoint(DB, "prod", "app: db", "ports: [{name: pg, protocol: TCP, port: 5432}]"),
      endpoint(PCL, "prod", "app: client", "serviceAccountName: client-sa"),
      endpoint(DCL, "dev", "app: client"),
      endpoint(RCL, "prod", "app: client"));

  private Cluster() {}

  private static String profile(String ns) {
    return """
        apiVersion: projectcalico.org/v3
        kind: Profile
        metadata: {name: kns.%s}
        spec:
          ingress: [{action: Allow}]
          egress: [{action: Allow}]
          labelsToApply: {pcns.env: %s, pcns.projectcalico.org/name: %s}
        """.formatted(ns, ns, ns);
  }

  private static String endpoint(Host h, String ns, String labels, String... extraSpec) {
    StringBuilder extra = new StringBuilder();
    for (String line : extraSpec) {
      extra.append("  ").append(line).append('\n');
    }
    return """
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: %s-k8s-%s-eth0, namespace: %s, labels: {%s}}
        spec:
          orchestrator: k8s
          node: %s
          pod: %s
          endpoint: eth0
          interfaceName: %s
          ipNetworks: [%s/32, "%s/128"]
          profiles: [kns.%s]
        """.formatted(h.node(), h.name(), ns, labels, h.node(), h.name(), h.iface(), h.ip4(), h.ip6(), ns) + extra;
  }

  /** The base cluster plus the given policy documents (may be empty), as node1's compiler input. */
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
      (w.spec().node().equals(LOCAL_NODE) ? local : remote).add(Endpoints.of(w, profiles));
    }
    return new PolicyInput(policies, profileRules, local, remote);
  }
}
