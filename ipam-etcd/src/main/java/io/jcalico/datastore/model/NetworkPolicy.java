package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** Ordered rules for the endpoints of one namespace (projectcalico.org/v3 NetworkPolicy). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkPolicy(ObjectMeta metadata, NetworkPolicySpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.NETWORK_POLICY;
  }

  @Override
  public NetworkPolicy withMetadata(ObjectMeta m) {
    return new NetworkPolicy(m, spec);
  }

  public NetworkPolicy withSpec(NetworkPolicySpec s) {
    return new NetworkPolicy(metadata, s);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkPolicySpec(
      String tier,
      @JsonSerialize(using = JsonNumbers.WholeDouble.class) Double order,
      List<Rule> ingress,
      List<Rule> egress,
      String selector,
      List<String> types,
      String serviceAccountSelector,
      List<String> performanceHints) implements PolicySpec {
    public NetworkPolicySpec {
      ingress = Copies.list(ingress);
      egress = Copies.list(egress);
      types = Copies.list(types);
      performanceHints = Copies.list(performanceHints);
    }

    public NetworkPolicySpec withTierAndTypes(String t, List<String> ty) {
      return new NetworkPolicySpec(t, order, ingress, egress, selector, ty, serviceAccountSelector, performanceHints);
    }
  }
}
