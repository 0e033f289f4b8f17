package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A node running the Calico node agent (projectcalico.org/v3 Node), with a {@code status} the
 * agent reports.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Node(ObjectMeta metadata, NodeSpec spec, NodeStatus status) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.NODE;
  }

  @Override
  public Node withMetadata(ObjectMeta m) {
    return new Node(m, spec, status);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeSpec(
      NodeBGPSpec bgp,
      String ipv4VXLANTunnelAddr,
      String vxlanTunnelMACAddr,
      String ipv6VXLANTunnelAddr,
      String vxlanTunnelMACAddrV6,
      List<OrchRef> orchRefs,
      NodeWireguardSpec wireguard,
      List<NodeAddress> addresses,
      List<NodeInterface> interfaces) {
    public NodeSpec {
      orchRefs = Copies.list(orchRefs);
      addresses = Copies.list(addresses);
      interfaces = Copies.list(interfaces);
    }
  }

  /** BGP settings of the node; addresses are {@code address/prefix} of the node's subnet. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeBGPSpec(
      AsNumber asNumber,
      String ipv4Address,
      String ipv6Address,
      String ipv4IPIPTunnelAddr,
      String routeReflectorClusterID) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OrchRef(String nodeName, String orchestrator) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeWireguardSpec(String interfaceIPv4Address, String interfaceIPv6Address) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeAddress(String address, String type) {
    public static final List<String> TYPES = List.of("CalicoNodeIP", "InternalIP", "ExternalIP");
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeInterface(String name, List<String> addresses) {
    public NodeInterface {
      addresses = Copies.list(addresses);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeStatus(String wireguardPublicKey, String wireguardPublicKeyV6, List<String> podCIDRs) {
    public NodeStatus {
      podCIDRs = Copies.list(podCIDRs);
    }
  }
}
