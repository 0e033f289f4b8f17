package io.jcalico.calicoctl.client;

import com.google.common.collect.ImmutableMap;
import io.jcalico.datastore.model.ResourceKind;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The names calicoctl accepts for a kind on the command line (any case), exactly its list. */
public final class KindNames {
  private static final Map<ResourceKind, List<String>> ALIASES = ImmutableMap.<ResourceKind, List<String>>builder()
      .put(ResourceKind.BGP_CONFIGURATION, List.of("bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs"))
      .put(ResourceKind.BGP_PEER, List.of("bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps"))
      .put(ResourceKind.BGP_FILTER, List.of("bgpfilter", "bgpfilters"))
      .put(ResourceKind.CLUSTER_INFORMATION, List.of("clusterinformation", "clusterinformations", "clusterinfo", "clusterinfos"))
      .put(ResourceKind.GLOBAL_NETWORK_POLICY, List.of("globalnetworkpolicy", "globalnetworkpolicies", "gnp", "gnps"))
      .put(ResourceKind.HOST_ENDPOINT, List.of("hostendpoint", "hostendpoints", "hep", "heps"))
      .put(ResourceKind.IP_POOL, List.of("ippool", "ippools", "ipp", "ipps", "pool", "pools"))
      .put(ResourceKind.NETWORK_POLICY, List.of("networkpolicy", "networkpolicies", "policy", "np", "policies", "pol", "pols"))
      .put(ResourceKind.NODE, List.of("node", "nodes", "no", "nos"))
      .put(ResourceKind.PROFILE, List.of("profile", "profiles", "pro", "pros"))
      .put(ResourceKind.WORKLOAD_ENDPOINT, List.of("workloadendpoint", "workloadendpoints", "wep", "weps"))
      .build();
  private static final Map<String, ResourceKind> NAMES = build();

  private KindNames() {}

  private static Map<String, ResourceKind> build() {
    ImmutableMap.Builder<String, ResourceKind> b = ImmutableMap.builder();
    ALIASES.forEach((kind, names) -> names.forEach(n -> b.put(n, kind)));
    return b.build();
  }

  public static Optional<ResourceKind> lookup(String name) {
    return Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The kind, or calicoctl's "resource type '...' is not supported". */
  public static ResourceKind require(String name) {
    return lookup(name).orElseThrow(() -> new IllegalArgumentException("resource type '" + name + "' is not supported"));
  }

  /** Shell completion for a kind argument: the plural names. */
  public static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ALIASES.keySet().stream().map(ResourceKind::plural).sorted().iterator();
    }
  }
}
