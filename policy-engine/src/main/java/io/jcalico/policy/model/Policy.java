package io.jcalico.policy.model;

import io.jcalico.datastore.selector.Selector;
import java.util.Comparator;
import java.util.List;

/**
 * A policy in backend form: {@code selector} picks the endpoints it applies to (namespace scoping
 * already folded in); {@code ingress}/{@code egress} say whether it applies in that direction
 * (its {@code types}), which matters even with no rules: a selected endpoint gets default deny.
 * {@code order} null sorts last, as Calico's nil order does.
 */
public record Policy(
    PolicyId id,
    Double order,
    Selector selector,
    boolean ingress,
    boolean egress,
    List<PolicyRule> ingressRules,
    List<PolicyRule> egressRules) {

  /** Calico's policy order: by order (none last), then by name. */
  public static final Comparator<Policy> ORDER =
      Comparator.comparing((Policy p) -> p.order() == null ? Double.POSITIVE_INFINITY : p.order())
          .thenComparing(p -> p.id().key());

  public Policy {
    if (id == null || selector == null) {
      throw new IllegalArgumentException("a policy needs an id and a selector");
    }
    ingressRules = ingressRules == null ? List.of() : List.copyOf(ingressRules);
    egressRules = egressRules == null ? List.of() : List.copyOf(egressRules);
  }

  public List<PolicyRule> rules(Direction d) {
    return d == Direction.INGRESS ? ingressRules : egressRules;
  }

  public boolean applies(Direction d) {
    return d == Direction.INGRESS ? ingress : egress;
  }
}
