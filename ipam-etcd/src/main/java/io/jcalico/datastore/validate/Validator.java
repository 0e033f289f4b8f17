package io.jcalico.datastore.validate;

import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPFilter;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.HostEndpoint;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.NetworkPolicy;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.WorkloadEndpoint;
import java.util.List;

/**
 * Calico's rules for v3 resources (and Kubernetes' for NetworkPolicy), applied as a write would:
 * names, addresses and prefixes, AS numbers, pool sizes and modes, selectors, ports, protocols,
 * rule consistency. Every problem is reported, not just the first.
 *
 * <p>Rules that need other resources (pool overlap, existing blocks, tier existence) belong to
 * the store; this looks at one resource alone.
 */
public final class Validator {

  private Validator() {}

  /** All problems of the resource, in field order; empty when it is valid. */
  public static List<Problem> validate(Resource r) {
    Checks c = new Checks();
    MetaRules.check(c, r);
    switch (r.kind()) {
      case IP_POOL -> PoolRules.check(c, (IPPool) r);
      case BGP_PEER -> BgpRules.peer(c, (BGPPeer) r);
      case BGP_FILTER -> BgpFilterRules.check(c, (BGPFilter) r);
      case BGP_CONFIGURATION -> BgpRules.configuration(c, (BGPConfiguration) r);
      case NODE -> NodeRules.check(c, (Node) r);
      case NETWORK_POLICY -> PolicyRules.policy(c, ((NetworkPolicy) r).spec());
      case GLOBAL_NETWORK_POLICY -> PolicyRules.policy(c, ((GlobalNetworkPolicy) r).spec());
      case PROFILE -> PolicyRules.profile(c, ((Profile) r).spec());
      case WORKLOAD_ENDPOINT -> EndpointRules.workload(c, (WorkloadEndpoint) r);
      case HOST_ENDPOINT -> EndpointRules.host(c, (HostEndpoint) r);
      case K8S_NETWORK_POLICY -> K8sPolicyRules.check(c, ((K8sNetworkPolicy) r).spec());
      case CLUSTER_INFORMATION -> { } // free-form facts; only its metadata has rules
    }
    return List.copyOf(c.problems());
  }

  /** The resource itself when valid. */
  public static <R extends Resource> R check(R r) {
    List<Problem> problems = validate(r);
    if (!problems.isEmpty()) throw new ValidationException(r, problems);
    return r;
  }
}
