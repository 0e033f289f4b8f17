package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * BGPConfiguration spec. Absent fields stay absent; {@link #effectiveAsNumber()} and {@link
 * #effectiveNodeToNodeMesh()} give the values Calico uses when they are (64512, mesh on).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPConfigurationSpec(
    String logSeverityScreen,
    Boolean nodeToNodeMeshEnabled,
    AsNumber asNumber,
    List<ServiceCIDR> serviceClusterIPs,
    List<ServiceCIDR> serviceExternalIPs,
    List<ServiceCIDR> serviceLoadBalancerIPs,
    Integer listenPort,
    String bindMode,
    List<Community> communities,
    List<PrefixAdvertisement> prefixAdvertisements,
    BGPPassword nodeMeshPassword,
    String nodeMeshMaxRestartTime,
    List<String> ignoredInterfaces,
    String localWorkloadPeeringIPV4,
    String localWorkloadPeeringIPV6,
    String serviceLoadBalancerAggregation,
    String programClusterRoutes) {

  public static final AsNumber DEFAULT_AS_NUMBER = AsNumber.of(64512);
  public static final int DEFAULT_LISTEN_PORT = 179;
  public static final List<String> LOG_SEVERITIES = List.of("Trace", "Debug", "Info", "Warning", "Error", "Fatal");
  public static final List<String> BIND_MODES = List.of("None", "NodeIP");
  public static final List<String> ENABLED_DISABLED = List.of("Enabled", "Disabled");

  public BGPConfigurationSpec {
    serviceClusterIPs = Copies.list(serviceClusterIPs);
    serviceExternalIPs = Copies.list(serviceExternalIPs);
    serviceLoadBalancerIPs = Copies.list(serviceLoadBalancerIPs);
    communities = Copies.list(communities);
    prefixAdvertisements = Copies.list(prefixAdvertisements);
    ignoredInterfaces = Copies.list(ignoredInterfaces);
  }

  public static BGPConfigurationSpec empty() {
    return new BGPConfigurationSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public AsNumber effectiveAsNumber() {
    return asNumber == null ? DEFAULT_AS_NUMBER : asNumber;
  }

  public boolean effectiveNodeToNodeMesh() {
    return nodeToNodeMeshEnabled == null || nodeToNodeMeshEnabled;
  }

  public int effectiveListenPort() {
    return listenPort == null ? DEFAULT_LISTEN_PORT : listenPort;
  }

  public BGPConfigurationSpec withLogSeverityScreen(String v) {
    return new BGPConfigurationSpec(v, nodeToNodeMeshEnabled, asNumber, serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, listenPort, bindMode, communities, prefixAdvertisements, nodeMeshPassword, nodeMeshMaxRestartTime, ignoredInterfaces, localWorkloadPeeringIPV4, localWorkloadPeeringIPV6, serviceLoadBalancerAggregation, programClusterRoutes);
  }

  public BGPConfigurationSpec withServiceLoadBalancerAggregation(String v) {
    return new BGPConfigurationSpec(logSeverityScreen, nodeToNodeMeshEnabled, asNumber, serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, listenPort, bindMode, communities, prefixAdvertisements, nodeMeshPassword, nodeMeshMaxRestartTime, ignoredInterfaces, localWorkloadPeeringIPV4, localWorkloadPeeringIPV6, v, programClusterRoutes);
  }

  /** A {@code cidr:} entry of serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceCIDR(String cidr) {}

  /** A named BGP community value ({@code aa:nn} or large {@code aa:nn:mm}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Community(String name, String value) {}

  /** Communities to attach when advertising a prefix (names from {@code communities} or literal values). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrefixAdvertisement(String cidr, List<String> communities) {
    public PrefixAdvertisement {
      communities = Copies.list(communities);
    }
  }
}
