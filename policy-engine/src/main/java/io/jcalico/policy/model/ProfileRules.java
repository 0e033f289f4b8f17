package io.jcalico.policy.model;

import java.util.List;

/** A profile's rules (Calico's default namespace profiles {@code kns.<ns>} allow everything). */
public record ProfileRules(String name, List<PolicyRule> ingressRules, List<PolicyRule> egressRules) {

  public ProfileRules {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a profile needs a name");
    }
    ingressRules = ingressRules == null ? List.of() : List.copyOf(ingressRules);
    egressRules = egressRules == null ? List.of() : List.copyOf(egressRules);
  }

  /** A profile whose rules allow everything both ways. */
  public static ProfileRules allowAll(String name) {
    return new ProfileRules(name, List.of(PolicyRule.of(Action.ALLOW)), List.of(PolicyRule.of(Action.ALLOW)));
  }

  public List<PolicyRule> rules(Direction d) {
    return d == Direction.INGRESS ? ingressRules : egressRules;
  }
}
