package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * Ordered rules for endpoints in every namespace and for host endpoints (projectcalico.org/v3
 * GlobalNetworkPolicy).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GlobalNetworkPolicy(ObjectMeta metadata, GlobalNetworkPolicySpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.GLOBAL_NETWORK_POLICY;
  }

  @Override
  public GlobalNetworkPolicy withMetadata(ObjectMeta m) {
    return new GlobalNetworkPolicy(m, spec);
  }

  public GlobalNetworkPolicy withSpec(GlobalNetworkPolicySpec s) {
    return new GlobalNetworkPolicy(metadata, s);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GlobalNetworkPolicySpec(
      String tier,
      @JsonSerialize(using = JsonNumbers.WholeDouble.class) Double order,
      List<Rule> ingress,
      List<Rule> egress,
      String selector,
      List<String> types,
      Boolean doNotTrack,
      Boolean preDNAT,
      Boolean applyOnForward,
      String serviceAccountSelector,
      String namespaceSelector,
      List<String> performanceHints) implements PolicySpec {
    public GlobalNetworkPolicySpec {
      ingress = Copies.list(ingress);
      egress = Copies.list(egress);
      types = Copies.list(types);
      performanceHints = Copies.list(performanceHints);
    }

    public GlobalNetworkPolicySpec withTierAndTypes(String t, List<String> ty) {
      return new GlobalNetworkPolicySpec(t, order, ingress, egress, selector, ty, doNotTrack, preDNAT, applyOnForward, serviceAccountSelector, namespaceSelector, performanceHints);
    }
  }
}
