package io.jcalico.calicoctl.client;

import com.google.common.collect.ImmutableMap;
import io.jcalico.datastore.model.ResourceKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The names calicoctl accepts for a kind on the command line: kind, plural and short names, any case. */
public final class KindNames {
  private static final Map<String, ResourceKind> NAMES = build();

  private KindNames() {}

  private static Map<String, ResourceKind> build() {
    ImmutableMap.Builder<String, ResourceKind> b = ImmutableMap.builder();
    for (ResourceKind k : ResourceKind.values()) {
      if (k == ResourceKind.K8S_NETWORK_POLICY) continue; // reached only as a full apiVersion/kind document
      b.put(k.kindName().toLowerCase(Locale.ROOT), k);
      b.put(k.plural(), k);
    }
    b.put("bgpconfig", ResourceKind.BGP_CONFIGURATION).put("bgpconfigs", ResourceKind.BGP_CONFIGURATION)
        .put("ipp", ResourceKind.IP_POOL).put("ipps", ResourceKind.IP_POOL)
        .put("no", ResourceKind.NODE)
        .put("policy", ResourceKind.NETWORK_POLICY).put("policies", ResourceKind.NETWORK_POLICY)
        .put("np", ResourceKind.NETWORK_POLICY).put("nps", ResourceKind.NETWORK_POLICY)
        .put("gnp", ResourceKind.GLOBAL_NETWORK_POLICY).put("gnps", ResourceKind.GLOBAL_NETWORK_POLICY)
        .put("wep", ResourceKind.WORKLOAD_ENDPOINT).put("weps", ResourceKind.WORKLOAD_ENDPOINT)
        .put("hep", ResourceKind.HOST_ENDPOINT).put("heps", ResourceKind.HOST_ENDPOINT)
        .put("pro", ResourceKind.PROFILE).put("pros", ResourceKind.PROFILE)
        .put("clusterinfo", ResourceKind.CLUSTER_INFORMATION).put("clusterinfos", ResourceKind.CLUSTER_INFORMATION);
    return b.buildKeepingLast();
  }

  public static Optional<ResourceKind> lookup(String name) {
    return Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
  }

  public static ResourceKind require(String name) {
    return lookup(name).orElseThrow(() -> new IllegalArgumentException("resource type '" + name
        + "' is not supported (try: bgpconfigurations, bgppeers, ippools, nodes, networkpolicies, "
        + "globalnetworkpolicies, workloadendpoints, hostendpoints, profiles, clusterinformations)"));
  }
}
