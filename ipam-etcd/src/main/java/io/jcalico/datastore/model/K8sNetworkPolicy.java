package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes {@code networking.k8s.io/v1} NetworkPolicy, kept beside Calico's own policies
 * (Calico reads them from the API server and treats them as policies in the default tier).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record K8sNetworkPolicy(ObjectMeta metadata, K8sNetworkPolicySpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.K8S_NETWORK_POLICY;
  }

  @Override
  public K8sNetworkPolicy withMetadata(ObjectMeta m) {
    return new K8sNetworkPolicy(m, spec);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record K8sNetworkPolicySpec(
      LabelSelector podSelector, List<IngressRule> ingress, List<EgressRule> egress, List<String> policyTypes) {
    public K8sNetworkPolicySpec {
      ingress = Copies.list(ingress);
      egress = Copies.list(egress);
      policyTypes = Copies.list(policyTypes);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IngressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> from) {
    public IngressRule {
      ports = Copies.list(ports);
      from = Copies.list(from);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EgressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> to) {
    public EgressRule {
      ports = Copies.list(ports);
      to = Copies.list(to);
    }
  }

  /** A port (number or named) with an optional {@code endPort} for a numeric range. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkPolicyPort(String protocol, IntOrString port, Integer endPort) {
    public static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
  }

  /** Exactly one kind of peer: pods (optionally in selected namespaces) or an ipBlock. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkPolicyPeer(LabelSelector podSelector, LabelSelector namespaceSelector, IPBlock ipBlock) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IPBlock(String cidr, List<String> except) {
    public IPBlock {
      except = Copies.list(except);
    }
  }

  /** Kubernetes label selector; {@code {}} selects everything. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    public LabelSelector {
      matchLabels = Copies.map(matchLabels);
      matchExpressions = Copies.list(matchExpressions);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LabelSelectorRequirement(String key, String operator, List<String> values) {
    public static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    public LabelSelectorRequirement {
      values = Copies.list(values);
    }
  }
}
