package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A pod's (or VM's) interface on its host (projectcalico.org/v3 WorkloadEndpoint). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadEndpoint(ObjectMeta metadata, WorkloadEndpointSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.WORKLOAD_ENDPOINT;
  }

  @Override
  public WorkloadEndpoint withMetadata(ObjectMeta m) {
    return new WorkloadEndpoint(m, spec);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkloadEndpointSpec(
      String orchestrator,
      String workload,
      String node,
      String containerID,
      String pod,
      String endpoint,
      String serviceAccountName,
      List<String> ipNetworks,
      List<IPNAT> ipNATs,
      String ipv4Gateway,
      String ipv6Gateway,
      List<String> profiles,
      String interfaceName,
      String mac,
      List<WorkloadEndpointPort> ports,
      List<String> allowSpoofedSourcePrefixes,
      QoSControls qosControls) {
    public WorkloadEndpointSpec {
      ipNetworks = Copies.list(ipNetworks);
      ipNATs = Copies.list(ipNATs);
      profiles = Copies.list(profiles);
      ports = Copies.list(ports);
      allowSpoofedSourcePrefixes = Copies.list(allowSpoofedSourcePrefixes);
    }
  }

  /** A named (or host-mapped) port of the workload. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkloadEndpointPort(String name, Protocol protocol, Integer port, Integer hostPort, String hostIP) {}

  /** A 1:1 NAT: traffic to the external IP goes to the internal one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IPNAT(String internalIP, String externalIP) {}

  /** Bandwidth, packet-rate and connection limits, and a DSCP mark for the workload. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record QoSControls(
      Long ingressBandwidth, Long ingressBurst, Long ingressPeakrate, Long ingressMinburst,
      Long egressBandwidth, Long egressBurst, Long egressPeakrate, Long egressMinburst,
      Long ingressPacketRate, Long ingressPacketBurst, Long egressPacketRate, Long egressPacketBurst,
      Long ingressMaxConnections, Long egressMaxConnections,
      IntOrString dscp) {}
}
