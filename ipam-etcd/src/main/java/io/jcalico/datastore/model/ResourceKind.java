package io.jcalico.datastore.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind the datastore knows: its {@code apiVersion}, {@code kind}, the plural used in etcd
 * keys and on the command line, whether it is namespaced, and its record type.
 */
public enum ResourceKind {
  BGP_CONFIGURATION(ApiVersions.CALICO, "BGPConfiguration", "bgpconfigurations", false, BGPConfiguration.class),
  BGP_PEER(ApiVersions.CALICO, "BGPPeer", "bgppeers", false, BGPPeer.class),
  BGP_FILTER(ApiVersions.CALICO, "BGPFilter", "bgpfilters", false, BGPFilter.class),
  IP_POOL(ApiVersions.CALICO, "IPPool", "ippools", false, IPPool.class),
  NODE(ApiVersions.CALICO, "Node", "nodes", false, Node.class),
  NETWORK_POLICY(ApiVersions.CALICO, "NetworkPolicy", "networkpolicies", true, NetworkPolicy.class),
  GLOBAL_NETWORK_POLICY(ApiVersions.CALICO, "GlobalNetworkPolicy", "globalnetworkpolicies", false, GlobalNetworkPolicy.class),
  WORKLOAD_ENDPOINT(ApiVersions.CALICO, "WorkloadEndpoint", "workloadendpoints", true, WorkloadEndpoint.class),
  HOST_ENDPOINT(ApiVersions.CALICO, "HostEndpoint", "hostendpoints", false, HostEndpoint.class),
  PROFILE(ApiVersions.CALICO, "Profile", "profiles", false, Profile.class),
  CLUSTER_INFORMATION(ApiVersions.CALICO, "ClusterInformation", "clusterinformations", false, ClusterInformation.class),
  /** Kubernetes networking.k8s.io/v1 NetworkPolicy, kept beside Calico's own (Calico reads it from the API server). */
  K8S_NETWORK_POLICY(ApiVersions.K8S_NETWORKING, "NetworkPolicy", "kubernetesnetworkpolicies", true, K8sNetworkPolicy.class);

  private final String apiVersion;
  private final String kindName;
  private final String plural;
  private final boolean namespaced;
  private final Class<? extends Resource> type;

  ResourceKind(String apiVersion, String kindName, String plural, boolean namespaced, Class<? extends Resource> type) {
    this.apiVersion = apiVersion;
    this.kindName = kindName;
    this.plural = plural;
    this.namespaced = namespaced;
    this.type = type;
  }

  public String apiVersion() { return apiVersion; }

  public String kindName() { return kindName; }

  public String listKindName() { return kindName + "List"; }

  public String plural() { return plural; }

  public boolean namespaced() { return namespaced; }

  public Class<? extends Resource> type() { return type; }

  /** The kind for an {@code apiVersion}/{@code kind} pair as found in a document. */
  public static Optional<ResourceKind> of(String apiVersion, String kind) {
    return Arrays.stream(values())
        .filter(k -> k.kindName.equals(kind) && k.apiVersion.equals(apiVersion))
        .findFirst();
  }

  public static Optional<ResourceKind> ofPlural(String plural) {
    String p = plural.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.plural.equals(p)).findFirst();
  }

  public static final class ApiVersions {
    public static final String CALICO = "projectcalico.org/v3";
    public static final String K8S_NETWORKING = "networking.k8s.io/v1";

    private ApiVersions() {}
  }
}
